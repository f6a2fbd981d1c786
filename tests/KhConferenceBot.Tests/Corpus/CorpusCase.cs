using System.Text;
using System.Text.Json;

namespace KhConferenceBot.Tests.Corpus;

/// <summary>
/// One hostile or odd input from a corpus file (Corpus/*.json) and the outcome it must get. Values are kept as raw JSON
/// text, so escapes such as "\ud800" (a lone surrogate) reach the bot byte for byte instead of being repaired by a parser.
/// </summary>
public sealed class CorpusCase
{
    private readonly JsonElement _json;

    private CorpusCase(JsonElement json)
    {
        _json = json;
        Name = json.GetProperty("name").GetString() ?? throw new InvalidDataException("A corpus case has no name.");
        Expect = Expectation.From(json.GetProperty("expect"));
    }

    public string Name { get; }

    public Expectation Expect { get; }

    public string? String(string property) => _json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public JsonElement? Element(string property) => _json.TryGetProperty(property, out var value) ? value : null;

    /// <summary>A property's JSON exactly as written in the file.</summary>
    public string? Raw(string property) => _json.TryGetProperty(property, out var value) ? value.GetRawText() : null;

    public override string ToString() => Name;

    /// <summary>The cases of Corpus/<paramref name="surface"/>.json, checked for unique names.</summary>
    public static IReadOnlyList<CorpusCase> Load(string surface)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", surface + ".json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var cases = document.RootElement.EnumerateArray().Select(c => new CorpusCase(c.Clone())).ToList();
        var duplicate = cases.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? cases : throw new InvalidDataException($"{surface}.json: two cases are named '{duplicate.Key}'.");
    }

    /// <summary>Theory data: the case names of one surface (the test loads the case by name, so each shows as its own test).</summary>
    public static TheoryData<string> Names(string surface)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(surface))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static CorpusCase Get(string surface, string name) => Load(surface).Single(c => c.Name == name);
}

/// <summary>
/// The outcome class a case names: an HTTP status, plus one of a reply (text the bot sends back into the chat), a
/// documented silence (why the bot rightly says nothing), or a refusal text (in a problem title or an invoke answer).
/// </summary>
public sealed record Expectation(int Status, string? Reply, string? Silent, int? InvokeStatus, string? Text, bool Stores)
{
    public static Expectation From(JsonElement json)
    {
        var expectation = new Expectation(
            json.GetProperty("status").GetInt32(),
            json.TryGetProperty("reply", out var reply) ? reply.GetString() : null,
            json.TryGetProperty("silent", out var silent) ? silent.GetString() : null,
            json.TryGetProperty("invokeStatus", out var invoke) ? invoke.GetInt32() : null,
            json.TryGetProperty("text", out var text) ? text.GetString() : null,
            json.TryGetProperty("stores", out var stores) && stores.GetBoolean());
        // 501 is Bot Framework's answer to an invoke a bot does not implement; no other 5xx is an acceptable outcome.
        if (expectation.Status >= 500 && expectation.Status != 501)
        {
            throw new InvalidDataException("A corpus case may not expect a 5xx.");
        }

        return expectation;
    }

    /// <summary>Every string in a JSON answer, joined, so a refusal can be found wherever the shape puts it.</summary>
    public static string Strings(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var builder = new StringBuilder();
            Collect(document.RootElement, builder);
            return builder.ToString();
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static void Collect(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                builder.Append(element.GetString()).Append('\n');
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, builder);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, builder);
                }

                break;
        }
    }
}
