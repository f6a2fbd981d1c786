using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Corpus;

/// <summary>
/// The bad-input corpus against POST /api/messages: raw activity bodies, typed messages and commands, card submits and
/// invokes. Each is answered with its expected status and a reply, a documented silence or a refusal; a message the bot
/// accepts is never dropped in silence.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class BotCorpusTests(AzuriteFixture storage, CorpusHost corpus) : IClassFixture<CorpusHost>
{
    public static TheoryData<string> ActivityCases => CorpusCase.Names("activities");

    public static TheoryData<string> MessageCases => CorpusCase.Names("messages");

    public static TheoryData<string> CardCases => CorpusCase.Names("cards");

    [Theory]
    [MemberData(nameof(ActivityCases))]
    public async Task Activity_CorpusCase_ExpectedOutcome(string name)
    {
        var c = CorpusCase.Get("activities", name);
        var host = await corpus.HostAsync(storage);
        var conversation = ConversationFor(c);
        byte[] body;
        if (c.String("base64") is { } base64)
        {
            body = Convert.FromBase64String(base64);
        }
        else if (c.String("raw") is { } raw)
        {
            body = Encoding.UTF8.GetBytes(raw.Replace("$serviceUrl", host.Connector.ServiceUrl.ToString(), StringComparison.Ordinal));
        }
        else if (c.String("repeat") is { } unit)
        {
            body = Encoding.UTF8.GetBytes(string.Concat(c.String("prefix"), string.Concat(Enumerable.Repeat(unit, c.Element("times")!.Value.GetInt32())), c.String("suffix")));
        }
        else
        {
            body = Encoding.UTF8.GetBytes(ActivityJson(c, host, conversation));
        }

        await PostAndCheckAsync(host, c, conversation, body);
    }

    [Theory]
    [MemberData(nameof(MessageCases))]
    public async Task Message_CorpusCase_ExpectedOutcome(string name)
    {
        var c = CorpusCase.Get("messages", name);
        var host = await corpus.HostAsync(storage);
        var conversation = ConversationFor(c);
        await PostAndCheckAsync(host, c, conversation, Encoding.UTF8.GetBytes(ActivityJson(c, host, conversation)));
    }

    [Theory]
    [MemberData(nameof(CardCases))]
    public async Task Card_CorpusCase_ExpectedOutcome(string name)
    {
        var c = CorpusCase.Get("cards", name);
        var host = await corpus.HostAsync(storage);
        var conversation = ConversationFor(c);
        var (_, body) = await PostAndCheckAsync(host, c, conversation, Encoding.UTF8.GetBytes(ActivityJson(c, host, conversation)));
        if (c.Expect.InvokeStatus is { } invokeStatus)
        {
            using var answer = JsonDocument.Parse(body);
            Assert.Equal(invokeStatus, answer.RootElement.GetProperty("statusCode").GetInt32());
        }
    }

    private static async Task<(HttpResponseMessage Response, string Body)> PostAndCheckAsync(BotTestHost host, CorpusCase c, string conversation, byte[] body)
    {
        using var client = CorpusHost.Client(host);
        var sentBefore = host.Connector.SentTo(conversation).Count;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(c.String("contentType") ?? "application/json");
        var (response, text) = await CorpusHost.SendAsync(host, c, () => client.PostAsync(new Uri("/api/messages", UriKind.Relative), content));
        using (response)
        {
            // Replies to a turn are sent inline, so by the time the answer is here they have reached the connector.
            var replies = host.Connector.SentTo(conversation).Skip(sentBefore).ToList();
            if (c.Expect.Reply is { } reply)
            {
                Assert.True(replies.Count > 0, $"{c.Name}: the bot accepted the message and said nothing.");
                Assert.Contains(replies, r => (r.Text + r.CardJson).Contains(reply, StringComparison.Ordinal));
            }
            else if (c.Expect.Silent is null && c.Expect.InvokeStatus is null && (int)response.StatusCode == 200 && IsMessage(c))
            {
                throw new Xunit.Sdk.XunitException($"{c.Name}: a message answered 200 must name its reply or why it is silent.");
            }
            else if (c.Expect.Silent is not null)
            {
                Assert.Empty(replies);
            }

            return (response, text);
        }
    }

    private static bool IsMessage(CorpusCase c) => (c.String("type") ?? "message") == "message" && c.String("raw") is null && c.String("base64") is null;

    private static string ConversationFor(CorpusCase c) => c.String("conversation")
        ?? (c.String("chat") == "group" ? "19:corpus-" + Slug(c.Name) + "@thread.v2" : "a:corpus-" + Slug(c.Name));

    private static string Slug(string name) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];

    private static TestUser User(CorpusCase c) => c.String("user") switch
    {
        "organizer" => TestUsers.Organizer,
        "thuha" => TestUsers.ThuHa,
        "stranger" => TestUsers.Stranger,
        _ => TestUsers.Hung,
    };

    /// <summary>
    /// A Teams activity as JSON text: the ordinary fields for the case's user and chat, then the case's "set" fields as
    /// written (raw), minus its "remove" list. Building text rather than objects keeps invalid escapes intact.
    /// </summary>
    private static string ActivityJson(CorpusCase c, BotTestHost host, string conversation)
    {
        var user = User(c);
        var group = c.String("chat") == "group";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["type"] = Quote(c.String("type") ?? "message"),
            ["id"] = Quote(Guid.NewGuid().ToString("N")),
            ["channelId"] = Quote("msteams"),
            ["serviceUrl"] = Quote(host.Connector.ServiceUrl.ToString()),
            ["timestamp"] = Quote("2026-11-30T02:00:00.000Z"),
            ["from"] = JsonSerializer.Serialize(new { id = user.Id, aadObjectId = user.AadObjectId, name = user.Name }),
            ["recipient"] = JsonSerializer.Serialize(new { id = TestUsers.BotId, name = "KhConferenceBot" }),
            ["conversation"] = JsonSerializer.Serialize(new { id = conversation, conversationType = group ? "groupChat" : "personal", tenantId = TestUsers.TenantId, isGroup = group }),
            ["channelData"] = JsonSerializer.Serialize(new { tenant = new { id = TestUsers.TenantId } }),
            ["locale"] = Quote("vi-VN"),
        };
        if (c.String("textRepeat") is { } unit)
        {
            fields["text"] = Quote(string.Concat(Enumerable.Repeat(unit, c.Element("times")!.Value.GetInt32())));
        }
        else if (c.Raw("text") is { } text)
        {
            // A "mention" case speaks to the bot in a group chat the way Teams writes it.
            fields["text"] = c.Element("mention")?.GetBoolean() == true ? "\"<at>KhConferenceBot</at> " + text[1..] : text;
        }

        if (c.Element("mention")?.GetBoolean() == true)
        {
            fields["entities"] = JsonSerializer.Serialize(new[] { new { type = "mention", text = "<at>KhConferenceBot</at>", mentioned = new { id = TestUsers.BotId, name = "KhConferenceBot" } } });
        }

        if (c.Element("set") is { ValueKind: JsonValueKind.Object } set)
        {
            foreach (var property in set.EnumerateObject())
            {
                fields[property.Name] = property.Value.GetRawText().Replace("$serviceUrl", host.Connector.ServiceUrl.ToString(), StringComparison.Ordinal);
            }
        }

        foreach (var removed in c.Element("remove")?.EnumerateArray().Select(r => r.GetString()!) ?? [])
        {
            fields.Remove(removed);
        }

        return "{" + string.Join(",", fields.Select(f => Quote(f.Key) + ":" + f.Value)) + "}";
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
