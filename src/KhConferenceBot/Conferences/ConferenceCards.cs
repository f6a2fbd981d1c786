using System.Text.Json;
using System.Text.Json.Nodes;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Every button on a card the bot sends carries the conference the card is about, under <see cref="DataKey"/>, so a
/// press is routed to that conference (after the router has checked it against who pressed). Cards are stamped where
/// they leave the bot (the turn's answers, invoke responses, outbox rows), so no card builder can forget it; a button
/// that already names a conference (the conference chooser) keeps its own.
/// </summary>
public static class ConferenceCards
{
    public const string DataKey = "conferenceId";

    /// <summary>Stamps every Adaptive Card attachment of <paramref name="activity"/>.</summary>
    public static Activity Stamp(Activity activity, string conferenceId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.ContentType == Attachment.AdaptiveCardContentType && attachment.Content is { } card)
            {
                attachment.Content = Stamp(card, conferenceId);
            }
        }

        return activity;
    }

    public static JsonElement Stamp(JsonElement card, string conferenceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        if (card.ValueKind != JsonValueKind.Object || !card.GetRawText().Contains("\"Action.", StringComparison.Ordinal))
        {
            return card;
        }

        var node = JsonNode.Parse(card.GetRawText())!;
        StampNode(node, conferenceId);
        return JsonSerializer.SerializeToElement(node);
    }

    private static void StampNode(JsonNode? node, string conferenceId)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name is "Action.Execute" or "Action.Submit")
                {
                    if (obj["data"] is null)
                    {
                        obj["data"] = new JsonObject();
                    }

                    if (obj["data"] is JsonObject data && data[DataKey] is null)
                    {
                        data[DataKey] = conferenceId;
                    }
                }

                foreach (var (_, child) in obj.ToList())
                {
                    StampNode(child, conferenceId);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StampNode(child, conferenceId);
                }

                break;
        }
    }
}
