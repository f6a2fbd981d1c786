using System.Text;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Tests.Schema;

/// <summary>The body of /api/messages is untrusted until authenticated: parsing must fail soft, never throw.</summary>
public class TryParseActivityGarbageTests
{
    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "empty", [] },
        { "whitespace", "   \r\n "u8.ToArray() },
        { "null literal", "null"u8.ToArray() },
        { "array", "[]"u8.ToArray() },
        { "string", "\"str\""u8.ToArray() },
        { "number", "42"u8.ToArray() },
        { "no type", "{}"u8.ToArray() },
        { "blank type", """{"type":"  "}"""u8.ToArray() },
        { "type is number", """{"type":5}"""u8.ToArray() },
        { "truncated", """{"type":"message","text":"xin ch"""u8.ToArray() },
        { "trailing garbage", """{"type":"message"} {"""u8.ToArray() },
        { "comment", """{"type":"message" /* c */}"""u8.ToArray() },
        { "from is number", """{"type":"message","from":5}"""u8.ToArray() },
        { "from id is number", """{"type":"message","from":{"id":5}}"""u8.ToArray() },
        { "entities is object", """{"type":"message","entities":{}}"""u8.ToArray() },
        { "membersAdded is string", """{"type":"conversationUpdate","membersAdded":"x"}"""u8.ToArray() },
        { "channelData is array", """{"type":"message","channelData":[]}"""u8.ToArray() },
        { "isGroup is string", """{"type":"message","conversation":{"isGroup":"yes"}}"""u8.ToArray() },
        { "timestamp not a date", """{"type":"message","timestamp":"hôm qua"}"""u8.ToArray() },
        { "timestamp is number", """{"type":"message","timestamp":1762132542}"""u8.ToArray() },
        { "timestamp before DateTimeOffset.MinValue in UTC", """{"type":"message","timestamp":"0001-01-01T00:00:00+14:00"}"""u8.ToArray() },
        { "timestamp after DateTimeOffset.MaxValue in UTC", """{"type":"message","timestamp":"9999-12-31T23:59:59-14:00"}"""u8.ToArray() },
        { "lone high surrogate in known field", """{"type":"message","text":"\uD800"}"""u8.ToArray() },
        { "reversed surrogates in type", """{"type":"\uDC00\uD800"}"""u8.ToArray() },
        { "invalid escape", """{"type":"message","text":"\q"}"""u8.ToArray() },
        { "control character in string", Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"a\u0001b\"}") },
        { "invalid UTF-8 in known field", Utf8With("""{"type":"message","text":"X"}""", [0xC3, 0x28]) },
        { "invalid UTF-8 in type", Utf8With("""{"type":"X"}""", [0xFF]) },
        { "invalid UTF-8 in unknown field", Utf8With("""{"type":"message","extra":"X"}""", [0xED, 0xA0, 0x80]) },
        { "invalid UTF-8 in property name", Utf8With("""{"type":"message","X":1}""", [0x80]) },
        { "invalid UTF-8 in value payload", Utf8With("""{"type":"message","value":{"a":"X"}}""", [0xF8, 0x88, 0x80, 0x80, 0x80]) },
        { "byte order mark", [0xEF, 0xBB, 0xBF, .. """{"type":"message"}"""u8] },
        { "nested deeper than 64 in value", Utf8("""{"type":"message","value":""" + new string('[', 100) + new string(']', 100) + "}") },
        { "nested deeper than 64 in unknown field", Utf8("""{"type":"message","x":""" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}") },
        { "deeply nested arrays at root", Utf8(new string('[', 10_000) + new string(']', 10_000)) },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void TryParseActivity_Garbage_ReturnsNullWithError(string caseName, byte[] body)
    {
        Activity? activity = null;
        string? error = null;

        var thrown = Record.Exception(() => activity = TeamsJson.TryParseActivity(body, out error));

        Assert.True(thrown is null, $"{caseName}: {thrown}");
        if (caseName == "byte order mark")
        {
            // Either reading is acceptable as long as nothing throws; Teams does not send a BOM.
            Assert.True(activity is not null ^ error is not null, caseName);
            return;
        }

        Assert.Null(activity);
        Assert.False(string.IsNullOrWhiteSpace(error), caseName);
    }

    [Fact]
    public void TryParseActivity_FiveMegabyteText_ParsesOrRefusesWithoutThrowing()
    {
        var body = Utf8("""{"type":"message","text":""" + "\"" + new string('ă', 5 * 1024 * 1024 / 2) + "\"}");

        Activity? activity = null;
        string? error = null;
        var thrown = Record.Exception(() => activity = TeamsJson.TryParseActivity(body, out error));

        Assert.Null(thrown);
        Assert.True(activity is not null || error is not null);
        if (activity is not null)
        {
            Assert.Equal(5 * 1024 * 1024 / 2, activity.Text?.Length);
        }
    }

    [Fact]
    public void TryParseActivity_DuplicateType_LastValueWinsWithoutThrowing()
    {
        var activity = TeamsJson.TryParseActivity("""{"type":"invoke","type":"message"}"""u8, out var error);

        Assert.True(activity is not null || error is not null);
    }

    [Fact]
    public void TryParseActivity_NestedExactlyAtLimitInValue_Parses()
    {
        // The root object is depth 1 and "value" opens depth 2, so 62 more levels keep the whole body at the limit of 64.
        var body = Utf8("""{"type":"message","value":""" + new string('[', 63) + new string(']', 63) + "}");

        var activity = TeamsJson.TryParseActivity(body, out var error);

        Assert.True(activity is not null, error);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Utf8With(string template, byte[] bad)
    {
        var at = template.IndexOf('X', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bad, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
    }
}
