using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Questions;

/// <summary>
/// Posts the approved questions by itself when the discussion item starts. Several instances may run: the first to
/// claim the job in storage (insert, or ETag-conditional takeover of a stale claim) posts, the others do not.
/// </summary>
public sealed partial class QuestionAutoPoster(
    IQuestionPostStore jobs,
    QuestionPublisher publisher,
    ConferenceDirectory conferences,
    TimeProvider time,
    IOptions<QuestionsOptions> options,
    ILogger<QuestionAutoPoster> logger) : ClockedBackgroundService(time, logger)
{
    public const string Job = "autopost";

    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(5);

    private TimeSpan _next = TimeSpan.Zero;

    public override bool Enabled => options.Value.AutoPost;

    protected override TimeSpan Interval => _next;

    protected override TimeSpan RetryInterval => TimeSpan.FromMinutes(1);

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = Recheck;
        foreach (var conference in await conferences.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            if (conference.Allows(ConferenceAction.Questions))
            {
                var wait = await NextAsync(conference, now, cancellationToken).ConfigureAwait(false);
                next = wait < next ? wait : next;
            }
        }

        _next = next;
    }

    /// <summary>Does what is due now for one conference and says how long to wait before looking again (the agenda may move meanwhile).</summary>
    private async Task<TimeSpan> NextAsync(Conference conference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var discussion = conference.Agenda.FirstOrDefault(a => a.IsDiscussion && !a.Cancelled);
        if (discussion is null)
        {
            return Recheck;
        }

        var start = conference.At(discussion.Start);
        var end = conference.At(discussion.End);
        if (now < start)
        {
            var until = start - now;
            return until < Recheck ? until : Recheck;
        }

        if (now >= end)
        {
            return TimeSpan.FromHours(1);
        }

        var group = await publisher.FindGroupChatAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            LogNoGroup(logger, conference.Id);
            return TimeSpan.FromMinutes(1);
        }

        if (!await jobs.TryClaimAsync(conference.Id, Job, now, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false))
        {
            return end - now + TimeSpan.FromMinutes(1);
        }

        await publisher.PostAsync(conference, group, cancellationToken).ConfigureAwait(false);
        await jobs.CompleteClaimAsync(conference.Id, Job, Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return end - now + TimeSpan.FromMinutes(1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The discussion of {ConferenceId} has started but no conference group chat is known; questions not posted yet")]
    private static partial void LogNoGroup(ILogger logger, string conferenceId);
}
