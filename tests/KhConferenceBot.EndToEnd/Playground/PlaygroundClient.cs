using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KhConferenceBot.EndToEnd.Playground;

/// <summary>
/// The Playground's HTTP API: what its web UI does, without a browser. Replies from the bot arrive on
/// <see cref="PlaygroundStream"/>, except the card an Action.Execute returns, which <see cref="InvokeAsync"/> returns.
/// </summary>
public sealed class PlaygroundClient(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri BaseAddress => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient needs a BaseAddress.");

    public static PlaygroundClient Create(Uri baseUri) =>
        new(new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>All ids. The Playground first waits (up to 15 s) for the bot's endpoint to answer.</summary>
    public async Task<JsonNode> GetConfigAsync(CancellationToken cancellationToken = default) =>
        await GetJsonAsync("_internal/v1/config", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A message typed by the UI's current user (a0). The Playground ignores any other sender here:
    /// use <see cref="SendMessageAsAsync"/> to speak as someone else.
    /// </summary>
    /// <returns>The Playground's id of the user's message.</returns>
    public async Task<string> SendMessageAsync(string conversationId, string text, bool mentionBot = false, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = PlaygroundIds.MaiAnh.Id },
            ["text"] = mentionBot ? $"{BotMentionText} {text}" : text,
            ["textFormat"] = "plain",
        };
        if (mentionBot)
        {
            body["mentions"] = new JsonArray(BotMention());
        }

        var answer = await PostJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body, cancellationToken).ConfigureAwait(false);
        return (string?)answer?["messageId"] ?? throw new InvalidOperationException($"No messageId in {answer?.ToJsonString()}");
    }

    /// <summary>A message from any user, sent as a custom activity built from the Playground's own template.</summary>
    public async Task SendMessageAsAsync(PlaygroundUser user, string conversationId, string text, bool mentionBot = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var activity = await GetCustomActivityTemplateAsync(conversationId, type: null, cancellationToken).ConfigureAwait(false);
        activity["type"] = "message";
        activity["text"] = mentionBot ? $"{BotMentionText} {text}" : text;
        activity["textFormat"] = "plain";
        activity["from"] = From(user);
        if (mentionBot)
        {
            activity["entities"] = new JsonArray(BotMention());
        }

        await SendCustomActivityAsync(activity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An Action.Submit on a card the bot posted (<paramref name="replyToId"/> is that message's id).</summary>
    public async Task SubmitAsync(PlaygroundUser from, string conversationId, string replyToId, JsonNode value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        var body = new JsonObject
        {
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = From(from),
            ["replyToId"] = replyToId,
            ["value"] = value,
        };
        await PostJsonAsync("_conversation/v1/submit", body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An Action.Execute (adaptiveCard/action invoke); returns the bot's invoke response body as the Playground relays it.</summary>
    public async Task<JsonNode?> ExecuteAsync(PlaygroundUser from, string conversationId, string replyToId, string verb, JsonNode? data = null, CancellationToken cancellationToken = default)
    {
        var value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
        };
        return await InvokeAsync(from, conversationId, replyToId, "adaptiveCard/action", value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Any invoke activity; returns the bot's response body as the Playground relays it.</summary>
    public async Task<JsonNode?> InvokeAsync(PlaygroundUser from, string conversationId, string? replyToId, string name, JsonNode value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        var body = new JsonObject
        {
            ["name"] = name,
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = From(from),
            ["value"] = value,
        };
        if (replyToId is not null)
        {
            body["replyToId"] = replyToId;
        }

        return await PostJsonAsync("_conversation/v1/invoke", body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Installs the bot in a conversation: installationUpdate (add), then conversationUpdate (membersAdded).</summary>
    public async Task InstallAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await PostJsonAsync($"_debug/conversation/{Uri.EscapeDataString(conversationId)}/installation", null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The Playground's template for a custom activity in a conversation, ready to edit. <paramref name="type"/> is one of its
    /// built-in kinds (install, uninstall, botAdded, userAdded, botRemoved, userRemoved, channelCreated, channelRenamed,
    /// channelDeleted, teamRenamed, teamDeleted, sendEmail, mentionInWord) or null for a bare activity to fill in.
    /// </summary>
    public async Task<JsonObject> GetCustomActivityTemplateAsync(string conversationId, string? type = null, CancellationToken cancellationToken = default)
    {
        var query = $"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId)}";
        if (type is not null)
        {
            query += $"&type={Uri.EscapeDataString(type)}";
        }

        return (await GetJsonAsync(query, cancellationToken).ConfigureAwait(false)).AsObject();
    }

    /// <summary>Sends any activity to the bot as is (the Playground answers before the bot has handled it).</summary>
    public async Task SendCustomActivityAsync(JsonObject activity, CancellationToken cancellationToken = default) =>
        await PostJsonAsync("_internal/v1/customActivities", activity, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The Playground has a 1:1 chat only for its current user, and its connector cannot open one from an Entra object
    /// id (what the bot sends, as Teams accepts). This opens the user's chat by channel id through that connector,
    /// so invokes from the user have a real conversation to come from.
    /// </summary>
    public async Task<string> OpenPersonalChatAsync(PlaygroundUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var created = await PostJsonAsync("_connector/v3/conversations", new JsonObject
        {
            ["isGroup"] = false,
            ["bot"] = new JsonObject { ["id"] = PlaygroundIds.BotId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = user.Id }),
            ["tenantId"] = PlaygroundIds.TenantId,
        }, cancellationToken).ConfigureAwait(false);
        return (string?)created?["id"] ?? throw new InvalidOperationException("The Playground returned no conversation id.");
    }

    /// <summary>A bot message in the chat for an invoke to reply to (the Playground refuses an invoke on an unknown message).</summary>
    public async Task<string> PostPlaceholderAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var posted = await PostJsonAsync($"_connector/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", new JsonObject
        {
            ["type"] = "message",
            ["text"] = "Giấy mời",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
        }, cancellationToken).ConfigureAwait(false);
        return (string?)posted?["id"] ?? throw new InvalidOperationException("The Playground returned no activity id.");
    }

    public void Dispose() => http.Dispose();

    private const string BotMentionText = "<at>" + PlaygroundIds.BotName + "</at>";

    private static JsonObject BotMention() => new()
    {
        ["type"] = "mention",
        ["mentioned"] = new JsonObject { ["id"] = PlaygroundIds.BotId, ["name"] = PlaygroundIds.BotName },
        ["text"] = BotMentionText,
    };

    private static JsonObject From(PlaygroundUser user) => new()
    {
        ["id"] = user.Id,
        ["name"] = user.Name,
        ["aadObjectId"] = user.AadObjectId,
    };

    private async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var text = await EnsureSuccessAsync(response, "GET", path, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"GET {path} returned null.");
    }

    private async Task<JsonNode?> PostJsonAsync(string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(body ?? new JsonObject(), options: Json);
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var text = await EnsureSuccessAsync(response, "POST", path, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private static async Task<string> EnsureSuccessAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? text
            : throw new HttpRequestException($"{method} /{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }
}
