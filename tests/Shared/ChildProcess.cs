using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Testing;

/// <summary>
/// A server the tests start (Azurite, the Playground): output goes to a log file and is watched for lines,
/// and disposing kills it and its children by the PID it was started with.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _watchers = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false, new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? logDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        logDirectory ??= TestPaths.ArtifactsDirectory("logs");
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{name}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}.log");

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, logPath);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, "");
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, "[stderr] ");
        process.Exited += (_, _) => child.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        }

        // Closed stdin: none of these servers should ever wait for a keypress.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for an output line matching the pattern; fails early with the log if the process exits first.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        TaskCompletionSource<Match> seen;
        lock (_gate)
        {
            var existing = pattern.Match(_output.ToString());
            if (existing.Success)
            {
                return existing;
            }

            seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((pattern, seen));
        }

        var winner = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (winner == seen.Task)
        {
            return await seen.Task.ConfigureAwait(false);
        }

        throw new InvalidOperationException(winner == _exited.Task
            ? $"{Name} exited (code {_exited.Task.Result}) before printing /{pattern}/. Log {LogPath}:\n{Tail()}"
            : $"{Name} did not print /{pattern}/ within {timeout.TotalSeconds:0} s. Log {LogPath}:\n{Tail()}");
    }

    /// <summary>The last lines of output, for error messages.</summary>
    public string Tail(int lines = 30)
    {
        var all = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }
        finally
        {
            _process.Dispose();
            lock (_gate)
            {
                _log.Dispose();
            }
        }
    }

    private void OnLine(string? line, string prefix)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<Match>> completed = [];
        lock (_gate)
        {
            _output.Append(prefix).Append(line).Append('\n');
            try
            {
                _log.WriteLine(prefix + line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives while stopping is not worth keeping.
            }

            var text = _output.ToString();
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var match = _watchers[i].Pattern.Match(text);
                if (match.Success)
                {
                    _watchers[i].Seen.TrySetResult(match);
                    _watchers.RemoveAt(i);
                }
            }
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            // Drains the asynchronous readers so the log has the last words of a crashed server.
            _process.WaitForExit();
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }
}
