using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KhConferenceBot.Bot;

/// <summary>Inbound activities by type and outcome, and how long each turn took (meter "KhConferenceBot.Bot").</summary>
public sealed class BotMetrics
{
    public const string MeterName = "KhConferenceBot.Bot";

    private readonly Counter<long> _activities;
    private readonly Histogram<double> _turnDuration;

    public BotMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _activities = meter.CreateCounter<long>("bot.activities", description: "Inbound activities by type and outcome");
        _turnDuration = meter.CreateHistogram<double>("bot.turn.duration", unit: "ms", description: "Time to handle one inbound activity");
    }

    public void Activity(string? type, string outcome) =>
        _activities.Add(1, new TagList { { "activity.type", Known(type) }, { "outcome", outcome } });

    public void TurnDuration(string? type, TimeSpan elapsed) =>
        _turnDuration.Record(elapsed.TotalMilliseconds, new TagList { { "activity.type", Known(type) } });

    /// <summary>Tags come from untrusted input; only known values are kept so a client cannot explode the metric's cardinality.</summary>
    internal static string Known(string? type) => type switch
    {
        "message" or "invoke" or "conversationUpdate" or "installationUpdate" or "messageReaction" or "event" or "typing"
            or "messageUpdate" or "messageDelete" => type,
        null => "none",
        _ => "other",
    };
}

/// <summary>Spans for each inbound activity and each card action (source "KhConferenceBot.Bot").</summary>
public static class BotTracing
{
    public const string SourceName = "KhConferenceBot.Bot";

    private const int MaxVerbLength = 64;
    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartTurn(KhConferenceBot.Teams.Schema.Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var span = Source.StartActivity("bot.turn " + BotMetrics.Known(activity.Type), ActivityKind.Internal);
        span?.SetTag("activity.type", BotMetrics.Known(activity.Type));
        span?.SetTag("conversation.type", activity.Conversation?.ConversationType switch
        {
            "personal" or "groupChat" or "channel" => activity.Conversation.ConversationType,
            _ => "other",
        });
        return span;
    }

    public static Activity? StartCardAction(string verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var span = Source.StartActivity("bot.card_action", ActivityKind.Internal);
        span?.SetTag("card.verb", verb.Length > MaxVerbLength ? verb[..MaxVerbLength] : verb);
        return span;
    }
}
