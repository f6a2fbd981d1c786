using System.Text.Json;
using Azure;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Questions;

/// <summary>
/// Posts the approved questions in the group chat and keeps that card current. Votes only mark the card dirty; a
/// background loop rewrites it for everyone (PUT) at most once per <see cref="QuestionsOptions.VoteUpdateSeconds"/>,
/// because a busy discussion would otherwise hit Teams' per-conversation rate limits. Each voter sees their own
/// votes at once through the invoke response and the card's refresh.
/// </summary>
public sealed partial class QuestionPublisher(
    IQuestionStore store,
    IServiceProvider services,
    IConnectorClient connector,
    CurrentConference current,
    TimeProvider time,
    IOptions<QuestionsOptions> options,
    IOptions<ConferenceOptions> conferenceOptions,
    ILogger<QuestionPublisher> logger) : BackgroundService
{
    /// <summary>The card currently in the group chat.</summary>
    public const string CurrentPost = "current";

    /// <summary>The conference group chat as this feature knows it (install in a group, or where questions were posted).</summary>
    public const string GroupChat = "group";

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private bool _dirty;
    private DateTimeOffset? _lastPut;

    private TimeSpan Window => TimeSpan.FromSeconds(options.Value.VoteUpdateSeconds);

    private Language SharedLanguage => LanguageExtensions.Parse(conferenceOptions.Value.DefaultLanguage) ?? Language.Vi;

    /// <summary>The group card, for everyone (<paramref name="viewerAadObjectId"/> null) or marking one person's votes.</summary>
    public async Task<JsonElement> BuildCardAsync(Conference conference, Language? language, string? viewerAadObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var questions = await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var votes = await store.ListVotesAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var published = questions.Where(q => q.IsPublished).Select(q => q.Number).ToHashSet();
        IReadOnlySet<int>? mine = viewerAadObjectId is null
            ? null
            : votes.Where(v => string.Equals(v.VoterAadObjectId, viewerAadObjectId, StringComparison.OrdinalIgnoreCase)).Select(v => v.Number).ToHashSet();

        // Teams refreshes a card per user only for the ids listed (at most 60): the most recent voters, who are the
        // people whose own view differs from the shared card.
        var refresh = votes.Where(v => published.Contains(v.Number) && !string.IsNullOrEmpty(v.VoterMri))
            .OrderByDescending(v => v.VotedAt)
            .Select(v => v.VoterMri!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(Teams.Cards.Refresh.MaxUserIds)
            .ToList();
        return QuestionCards.GroupPost(conference, language ?? SharedLanguage, questions, mine, refresh);
    }

    /// <summary>Posts a new questions card into <paramref name="target"/> and remembers it as the one to keep current.</summary>
    public async Task<QuestionPost> PostAsync(Conference conference, QuestionPost target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(target);
        var card = await BuildCardAsync(conference, null, null, cancellationToken).ConfigureAwait(false);
        var activity = Address(Activity.CreateCard(card, SharedLanguage.Pick("Câu hỏi thảo luận", "Discussion questions")), target);
        var sent = await connector.SendToConversationAsync(target.ServiceUrl, target.ConversationId, activity, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var post = target with { ActivityId = sent.Id, PostedAt = now };
        await store.SavePostAsync(conference.Id, CurrentPost, post, cancellationToken).ConfigureAwait(false);
        await store.SavePostAsync(conference.Id, GroupChat, target with { ActivityId = null, PostedAt = now }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _lastPut = now;
            _dirty = false;
        }

        LogPosted(logger, target.ConversationId);
        return post;
    }

    /// <summary>
    /// Where the conference group chat is: the chat the Agenda feature bound to the conference, else the group chat
    /// this feature remembered (bot installed there, or questions posted there before), else null.
    /// </summary>
    public async Task<QuestionPost?> FindGroupChatAsync(string conferenceId, CancellationToken cancellationToken)
    {
        if (services.GetService<IGroupChatStore>() is { } groups
            && await groups.GetBindingAsync(conferenceId, cancellationToken).ConfigureAwait(false) is { ConversationId.Length: > 0, ServiceUrl.Length: > 0 } bound)
        {
            var known = await store.GetPostAsync(conferenceId, GroupChat, cancellationToken).ConfigureAwait(false);
            return string.Equals(known?.ConversationId, bound.ConversationId, StringComparison.Ordinal)
                ? known! with { ServiceUrl = bound.ServiceUrl }
                : new QuestionPost(bound.ServiceUrl, bound.ConversationId, ConversationTypes.GroupChat, null, null, null, bound.BoundAt);
        }

        return await store.GetPostAsync(conferenceId, GroupChat, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Something shown on the group card changed (a vote, a moderation): rewrite it within the window.</summary>
    public void MarkChanged()
    {
        lock (_lock)
        {
            _dirty = true;
        }

        _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? due;
            lock (_lock)
            {
                due = _dirty ? (_lastPut ?? DateTimeOffset.MinValue) + Window : null;
            }

            try
            {
                if (due is null)
                {
                    await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var wait = due.Value - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(wait, time, cts.Token);
                    var signal = _signal.WaitAsync(cts.Token);
                    await Task.WhenAny(delay, signal).ConfigureAwait(false);
                    await cts.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(delay, signal).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                    continue;
                }

                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            var conference = await current.GetAsync(cancellationToken).ConfigureAwait(false);
            var post = await store.GetPostAsync(conference.Id, CurrentPost, cancellationToken).ConfigureAwait(false);
            if (post?.ActivityId is null)
            {
                lock (_lock)
                {
                    _dirty = false;
                }

                return;
            }

            var now = time.GetUtcNow();
            lock (_lock)
            {
                // After a restart this instance has no memory of the last write: the post time is the safe floor.
                if (_lastPut is null && now < post.PostedAt + Window)
                {
                    _lastPut = post.PostedAt;
                    return;
                }

                _dirty = false;
                _lastPut = now;
            }

            var card = await BuildCardAsync(conference, null, null, cancellationToken).ConfigureAwait(false);
            var activity = Address(Activity.CreateCard(card, SharedLanguage.Pick("Câu hỏi thảo luận", "Discussion questions")), post);
            await connector.UpdateActivityAsync(post.ServiceUrl, post.ConversationId, post.ActivityId, activity, cancellationToken).ConfigureAwait(false);
            LogUpdated(logger, post.ConversationId);
        }
        catch (ConnectorException e)
        {
            LogUpdateFailed(logger, e.Message);
            if (e.IsTransient)
            {
                MarkChangedQuietly();
            }
        }
        catch (RequestFailedException e)
        {
            LogUpdateFailed(logger, e.Message);
            MarkChangedQuietly();
        }
        catch (HttpRequestException e)
        {
            LogUpdateFailed(logger, e.Message);
            MarkChangedQuietly();
        }
        catch (ConferenceNotConfiguredException e)
        {
            LogUpdateFailed(logger, e.Message);
        }
    }

    private void MarkChangedQuietly()
    {
        lock (_lock)
        {
            _dirty = true;
        }
    }

    internal static Activity Address(Activity activity, QuestionPost target)
    {
        activity.ServiceUrl = target.ServiceUrl;
        activity.ChannelId = "msteams";
        activity.Conversation = new ConversationAccount { Id = target.ConversationId, ConversationType = target.ConversationType, TenantId = target.TenantId, IsGroup = true };
        activity.From = target.BotId is null ? null : new ChannelAccount { Id = target.BotId };
        activity.Locale = "vi-VN";
        return activity;
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Questions posted to {ConversationId}")]
    private static partial void LogPosted(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Questions card updated in {ConversationId}")]
    private static partial void LogUpdated(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the questions card: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string reason);
}

/// <summary>
/// Posts the approved questions by itself when the discussion item starts. Several instances may run: the first to
/// claim the job in storage (insert, or ETag-conditional takeover of a stale claim) posts, the others do not.
/// </summary>
public sealed partial class QuestionAutoPoster(
    IQuestionStore store,
    QuestionPublisher publisher,
    CurrentConference current,
    TimeProvider time,
    IOptions<QuestionsOptions> options,
    ILogger<QuestionAutoPoster> logger) : BackgroundService
{
    public const string Job = "autopost";

    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AutoPost)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or ConnectorException or ConferenceNotConfiguredException)
            {
                LogFailed(logger, e.Message);
                wait = TimeSpan.FromMinutes(1);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Does what is due now and says how long to wait before looking again (the agenda may move meanwhile).</summary>
    private async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        var conference = await current.GetAsync(cancellationToken).ConfigureAwait(false);
        var discussion = conference.Agenda.FirstOrDefault(a => a.IsDiscussion && !a.Cancelled);
        if (discussion is null)
        {
            return Recheck;
        }

        var now = time.GetUtcNow();
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
            LogNoGroup(logger);
            return TimeSpan.FromMinutes(1);
        }

        if (!await store.TryClaimAsync(conference.Id, Job, now, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false))
        {
            return end - now + TimeSpan.FromMinutes(1);
        }

        await publisher.PostAsync(conference, group, cancellationToken).ConfigureAwait(false);
        await store.CompleteClaimAsync(conference.Id, Job, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return end - now + TimeSpan.FromMinutes(1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The discussion has started but no conference group chat is known; questions not posted yet")]
    private static partial void LogNoGroup(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic question post failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
