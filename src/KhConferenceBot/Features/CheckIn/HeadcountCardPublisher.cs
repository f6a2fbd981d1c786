using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// Keeps one headcount card in each conference's bound group chat on the day: posted at the first check-in, updated in
/// place at most once per <see cref="CheckInOptions.HeadcountCardInterval"/> while the counts change (the latest counts
/// always land, at the next tick after the interval), and written a last time as the final figure at the opening time
/// of the first agenda item, then left alone. One update per 30 s is far inside Teams' per-chat limit (60 per 30 s),
/// so the agenda card and reminders in the same chat keep their room.
/// </summary>
public sealed partial class HeadcountCardPublisher(
    HeadcountReader headcounts,
    HeadcountCardStore cards,
    IGroupChatStore groupChats,
    ConferenceDirectory conferences,
    IConnectorClient connector,
    IOptions<CheckInOptions> options,
    TimeProvider time,
    ILogger<HeadcountCardPublisher> logger) : ClockedBackgroundService(time, logger)
{
    /// <summary>Check-ins start this long before the opening at the earliest (the morning of the day).</summary>
    private static readonly TimeSpan Window = TimeSpan.FromHours(12);

    /// <summary>A post claimed by an instance that has not recorded its message id by then is taken to have failed.</summary>
    private static readonly TimeSpan StalePost = TimeSpan.FromMinutes(2);

    protected override TimeSpan Interval => options.Value.HeadcountCardTick;

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var conference in await conferences.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            var opening = OpeningOf(conference);
            if (conference.Allows(ConferenceAction.RunGroupChat) && now >= opening - Window && now < opening + Window)
            {
                await PublishAsync(conference, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One conference's card: post, update, finalize or nothing. Returns what it did, for tests and logs.</summary>
    public async Task<HeadcountCardAction> PublishAsync(Conference conference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var state = await cards.GetAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var final = now >= OpeningOf(conference);
        if (state is { Final: true } || (state is null && final))
        {
            return HeadcountCardAction.None;
        }

        if (state is { ActivityId: not null } && now - state.LastWrittenAt < options.Value.HeadcountCardInterval)
        {
            return HeadcountCardAction.None;
        }

        if (state is { ActivityId: null } && now - state.LastWrittenAt < StalePost)
        {
            // Another instance is posting it right now.
            return HeadcountCardAction.None;
        }

        // Nothing is read for a conference without a group chat: the counts are read only when a card can be written.
        var posted = state is { ActivityId: not null };
        var binding = posted ? null : await groupChats.GetBindingAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        if (!posted && binding is null)
        {
            return HeadcountCardAction.None;
        }

        var count = await headcounts.ReadAsync(conference, cancellationToken).ConfigureAwait(false);
        var hash = HeadcountCard.StateOf(count);
        if (state is { ActivityId: not null } && hash == state.StateHash && !final)
        {
            return HeadcountCardAction.None;
        }

        var card = HeadcountCard.Render(conference, count, now, final).ToJsonElement();
        var activity = Activity.CreateCard(card, $"Có mặt {count.ConfirmedPresent}/{count.Confirmed}");
        if (state is { ActivityId: { } activityId })
        {
            return await UpdateAsync(conference, state, activityId, activity, hash, now, final, cancellationToken).ConfigureAwait(false);
        }

        if (count.Present == 0 && count.Absent.Count == 0)
        {
            return HeadcountCardAction.None;
        }

        return binding is null
            ? HeadcountCardAction.None
            : await PostAsync(conference, state, binding, activity, hash, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When the count stops: the start of the first agenda item, or its end when that item is the welcome of delegates
    /// ("Đón tiếp đại biểu", when the desks are busiest), as plans usually begin.
    /// </summary>
    public static DateTimeOffset OpeningOf(Conference conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var first = conference.Agenda.Where(a => !a.Cancelled).OrderBy(a => a.Start).FirstOrDefault();
        return first is not null && CheckInService.Fold(first.Content.Vi).StartsWith("don tiep", StringComparison.Ordinal)
            ? conference.At(first.End)
            : conference.StartsAt;
    }

    private async Task<HeadcountCardAction> PostAsync(Conference conference, HeadcountCardState? stale, GroupChatBinding binding, Activity activity, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = await cards.TryWriteAsync(conference.Id, stale, new HeadcountCardState(binding.ConversationId, binding.ServiceUrl, null, hash, now, false, default), cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return HeadcountCardAction.None;
        }

        activity.Conversation = new ConversationAccount { Id = binding.ConversationId, ConversationType = ConversationTypes.GroupChat };
        ResourceResponse sent;
        try
        {
            sent = await connector.SendToConversationAsync(binding.ServiceUrl, binding.ConversationId, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            LogPostFailed(logger, ex, conference.Id);
            await cards.DeleteAsync(conference.Id, claim, cancellationToken).ConfigureAwait(false);
            return HeadcountCardAction.None;
        }

        await cards.TryWriteAsync(conference.Id, claim, claim with { ActivityId = sent.Id }, cancellationToken).ConfigureAwait(false);
        LogPosted(logger, conference.Id, binding.ConversationId);
        return HeadcountCardAction.Posted;
    }

    private async Task<HeadcountCardAction> UpdateAsync(Conference conference, HeadcountCardState state, string activityId, Activity activity, string hash, DateTimeOffset now, bool final, CancellationToken cancellationToken)
    {
        var claim = await cards.TryWriteAsync(conference.Id, state, state with { StateHash = hash, LastWrittenAt = now, Final = final }, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return HeadcountCardAction.None;
        }

        activity.Id = activityId;
        activity.Conversation = new ConversationAccount { Id = state.ConversationId, ConversationType = ConversationTypes.GroupChat };
        try
        {
            await connector.UpdateActivityAsync(state.ServiceUrl, state.ConversationId, activityId, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            LogUpdateFailed(logger, ex, conference.Id);

            // Forget what was claimed, so the counts (or the final figure) are written again after the interval.
            await cards.TryWriteAsync(conference.Id, claim, claim with { StateHash = "", Final = false }, cancellationToken).ConfigureAwait(false);
            return HeadcountCardAction.None;
        }

        return final ? HeadcountCardAction.Finalized : HeadcountCardAction.Updated;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Headcount card of {ConferenceId} posted in {ConversationId}")]
    private static partial void LogPosted(ILogger logger, string conferenceId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the headcount card of {ConferenceId}; the next tick tries again")]
    private static partial void LogPostFailed(ILogger logger, Exception exception, string conferenceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the headcount card of {ConferenceId}; it is written again after the interval")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, string conferenceId);
}

public enum HeadcountCardAction
{
    None,
    Posted,
    Updated,
    Finalized,
}
