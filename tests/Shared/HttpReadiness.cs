namespace KhConferenceBot.Testing;

public static class HttpReadiness
{
    /// <summary>
    /// Polls a URL until it answers 2xx, within a bounded time. Polling is the only signal an HTTP server gives
    /// that it is ready; a server process that exits ends the wait at once with its log.
    /// </summary>
    public static async Task WaitAsync(Uri url, TimeSpan timeout, string what, ChildProcess? process = null, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        string last = "no answer";
        try
        {
            do
            {
                if (process is { HasExited: true })
                {
                    throw new InvalidOperationException($"{what} exited (code {await process.Exited.ConfigureAwait(false)}) before {url} answered. Log {process.LogPath}:\n{process.Tail()}");
                }

                try
                {
                    using var response = await http.GetAsync(url, deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"HTTP {(int)response.StatusCode}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    last = "request timed out";
                }
            }
            while (await timer.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Falls through to the timeout error below.
        }

        var log = process is null ? "" : $" Log {process.LogPath}:\n{process.Tail()}";
        throw new TimeoutException($"{what} did not answer {url} within {timeout.TotalSeconds:0} s (last: {last}).{log}");
    }
}
