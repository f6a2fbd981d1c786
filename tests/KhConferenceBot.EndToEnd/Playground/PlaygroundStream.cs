using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KhConferenceBot.EndToEnd.Playground;

/// <summary>One thing the bot posted (createMessage) or changed (updateMessage) in a conversation.</summary>
public sealed record BotMessage(int Sequence, string Action, string ConversationId, string? MessageId, string? Text, JsonArray Attachments, JsonNode Raw)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    // Vietnamese stays readable (and searchable) instead of \uXXXX escapes.
    internal static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public IEnumerable<JsonNode> AdaptiveCards =>
        Attachments.Where(a => (string?)a?["contentType"] == AdaptiveCardContentType && a?["content"] is not null).Select(a => a!["content"]!);

    public bool HasAdaptiveCard => AdaptiveCards.Any();

    /// <summary>The card as JSON text, for "the card says X" assertions that do not care where X sits.</summary>
    public string CardJson => string.Join('\n', AdaptiveCards.Select(c => c.ToJsonString(Readable)));

    public override string ToString() =>
        $"#{Sequence} {Action} in {ConversationId} id={MessageId} text={Text ?? "(none)"} cards={AdaptiveCards.Count()} {Truncate(CardJson, 300)}";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}

/// <summary>
/// Listens to the Playground's conversation WebSocket and keeps every bot message, so a test can await the
/// one it expects. Connect it before the first activity: the Playground replays earlier messages only to its
/// first client.
/// </summary>
public sealed class PlaygroundStream : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<BotMessage> _messages = [];
    private readonly List<Waiter> _waiters = [];
    private Task _receiving = Task.CompletedTask;
    private Exception? _failure;

    private PlaygroundStream()
    {
    }

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<BotMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public static async Task<PlaygroundStream> ConnectAsync(Uri playgroundBaseUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(playgroundBaseUri);
        var stream = new PlaygroundStream();
        var ws = new UriBuilder(new Uri(playgroundBaseUri, "_ws_conversation/v1/conversations/stream")) { Scheme = "ws" }.Uri;
        await stream._socket.ConnectAsync(ws, cancellationToken).ConfigureAwait(false);
        stream._receiving = Task.Run(stream.ReceiveLoopAsync, CancellationToken.None);
        return stream;
    }

    /// <summary>
    /// A position in the message list: pass it as <c>after</c> so a wait ignores what came before the action
    /// under test (the stack is shared by the tests of a collection).
    /// </summary>
    public int Mark()
    {
        lock (_gate)
        {
            return _messages.Count;
        }
    }

    /// <summary>Waits for the first message with index at or beyond <paramref name="after"/> that matches, or fails with all that was seen.</summary>
    public async Task<BotMessage> WaitForMessageAsync(Func<BotMessage, bool> predicate, TimeSpan timeout, int after = 0)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        Waiter waiter;
        lock (_gate)
        {
            var found = _messages.Skip(after).FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            if (_failure is not null)
            {
                throw new InvalidOperationException("The Playground WebSocket failed.", _failure);
            }

            waiter = new Waiter(predicate, after);
            _waiters.Add(waiter);
        }

        var winner = await Task.WhenAny(waiter.Seen.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (winner == waiter.Seen.Task)
        {
            return await waiter.Seen.Task.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _waiters.Remove(waiter);
        }

        var seen = Messages.Skip(after).ToList();
        throw new TimeoutException(
            $"No matching bot message within {timeout.TotalSeconds:0} s. Seen since the mark ({seen.Count}):\n" +
            (seen.Count == 0 ? "(nothing)" : string.Join('\n', seen)));
    }

    /// <summary>Waits for a message in one conversation.</summary>
    public Task<BotMessage> WaitForMessageAsync(string conversationId, Func<BotMessage, bool> predicate, TimeSpan timeout, int after = 0)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return WaitForMessageAsync(m => m.ConversationId == conversationId && predicate(m), timeout, after);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
            // The Playground may already be gone.
        }
        catch (OperationCanceledException)
        {
            // Same.
        }

        try
        {
            await _receiving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when stopping.
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(frame.GetBuffer(), 0, (int)frame.Length);
                frame.SetLength(0);
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    OnFrame(text);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            if (!_stop.IsCancellationRequested)
            {
                Fail(e);
            }
        }
    }

    private void OnFrame(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return;
        }

        var action = (string?)node?["action"];
        if (node is null || action is not ("createMessage" or "updateMessage"))
        {
            return;
        }

        var message = node["message"];
        lock (_gate)
        {
            var item = new BotMessage(
                _messages.Count,
                action,
                (string?)node["actionConversationId"] ?? "",
                message?["messageId"]?.ToString(),
                (string?)message?["text"],
                message?["attachments"] as JsonArray ?? [],
                node);
            _messages.Add(item);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (item.Sequence >= waiter.After && waiter.Predicate(item))
                {
                    waiter.Seen.TrySetResult(item);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void Fail(Exception e)
    {
        lock (_gate)
        {
            _failure = e;
            foreach (var waiter in _waiters)
            {
                waiter.Seen.TrySetException(new InvalidOperationException("The Playground WebSocket failed.", e));
            }

            _waiters.Clear();
        }
    }

    private sealed record Waiter(Func<BotMessage, bool> Predicate, int After)
    {
        public TaskCompletionSource<BotMessage> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
