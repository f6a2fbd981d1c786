using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Questions;

/// <summary>Where the questions were posted, or why they were not (a sentence for the organizer).</summary>
public sealed record QuestionPostOutcome(QuestionPost? Post, string? Error);

/// <summary>
/// Posts the approved questions in the group chat and keeps that card current. Votes only mark the card dirty; a
/// background loop rewrites it for everyone (PUT) at most once per <see cref="QuestionsOptions.VoteUpdateSeconds"/>,
/// because a busy discussion would otherwise hit Teams' per-conversation rate limits. Each voter sees their own
/// votes at once through the invoke response and the card's refresh.
/// </summary>
public sealed partial class QuestionPublisher(
    IQuestionStore store,
    IQuestionPostStore posts,
    IServiceProvider services,
    IConnectorClient connector,
    ConferenceDirectory conferences,
    TimeProvider time,
    IOptions<QuestionsOptions> options,
    IOptions<ConferenceOptions> conferenceOptions,
    ILogger<QuestionPublisher> logger) : ClockedBackgroundService(time, logger)
{
    /// <summary>The card currently in the group chat.</summary>
    public const string CurrentPost = "current";

    /// <summary>The conference group chat as this feature knows it (install in a group, or where questions were posted).</summary>
    public const string GroupChat = "group";

    private readonly Lock _lock = new();

    /// <summary>Per conference: when its card was last written, and whether something shown on it changed since.</summary>
    private readonly Dictionary<string, Pace> _paces = new(StringComparer.Ordinal);

    private TimeSpan Window => TimeSpan.FromSeconds(options.Value.VoteUpdateSeconds);

    /// <summary>Idle until something changes; then until the window since the last write has passed.</summary>
    protected override TimeSpan Interval
    {
        get
        {
            lock (_lock)
            {
                var dirty = _paces.Values.Where(p => p.Dirty).ToList();
                if (dirty.Count == 0)
                {
                    return Timeout.InfiniteTimeSpan;
                }

                var wait = dirty.Min(p => p.LastPut ?? DateTimeOffset.MinValue) + Window - Time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
    }

    protected override TimeSpan RetryInterval => Window;

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
        var activity = Address(Activity.CreateCard(card, SharedLanguage.Pick("Câu hỏi thảo luận", "Discussion questions")), target, conference.Id);
        var sent = await connector.SendToConversationAsync(target.ServiceUrl, target.ConversationId, activity, cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        var post = target with { ActivityId = sent.Id, PostedAt = now };
        await posts.SavePostAsync(conference.Id, CurrentPost, post, cancellationToken).ConfigureAwait(false);
        await posts.SavePostAsync(conference.Id, GroupChat, target with { ActivityId = null, PostedAt = now }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _paces[conference.Id] = new Pace(false, now);
        }

        LogPosted(logger, target.ConversationId);
        return post;
    }

    /// <summary>
    /// The organizers' "post the questions": the approved questions go to the conference group chat as a new card,
    /// which then follows votes and moderation. <paramref name="here"/> is where to post when no group chat is known
    /// yet (the group chat a command came from); the workspace has none. Organizers only.
    /// </summary>
    public async Task<QuestionPostOutcome> PostToGroupChatAsync(Conference conference, ConferenceActor actor, QuestionPost? here, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOrganizer)
        {
            return new QuestionPostOutcome(null, QuestionService.OrganizersOnly(actor.Language));
        }

        var target = await FindGroupChatAsync(conference.Id, cancellationToken).ConfigureAwait(false) ?? here;
        if (target is null)
        {
            return new QuestionPostOutcome(null, actor.T(
                "Chưa có nhóm chat của hội nghị. Thêm ứng dụng vào nhóm chat và gõ «@KhConferenceBot gắn hội nghị», rồi đăng lại.",
                "The conference has no group chat yet. Add the app to the group chat, type \"@KhConferenceBot bind conference\", then post again."));
        }

        try
        {
            return new QuestionPostOutcome(await PostAsync(conference, target, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ConnectorException e)
        {
            LogPostFailed(logger, target.ConversationId, e.Message);
            return new QuestionPostOutcome(null, actor.T(
                "Teams chưa nhận bài đăng vào nhóm chat. Vui lòng thử lại sau ít phút.",
                "Teams did not take the post in the group chat. Please try again in a few minutes."));
        }
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
            var known = await posts.GetPostAsync(conferenceId, GroupChat, cancellationToken).ConfigureAwait(false);
            return string.Equals(known?.ConversationId, bound.ConversationId, StringComparison.Ordinal)
                ? known! with { ServiceUrl = bound.ServiceUrl }
                : new QuestionPost(bound.ServiceUrl, bound.ConversationId, ConversationTypes.GroupChat, null, null, null, bound.BoundAt);
        }

        return await posts.GetPostAsync(conferenceId, GroupChat, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Something shown on the group card changed (a vote, a moderation): rewrite it within the window.</summary>
    public void MarkChanged(string conferenceId)
    {
        MarkChangedQuietly(conferenceId);
        Wake();
    }

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<string> due;
        lock (_lock)
        {
            due = [.. _paces.Where(p => p.Value.Dirty && (p.Value.LastPut ?? DateTimeOffset.MinValue) + Window <= now).Select(p => p.Key)];
        }

        foreach (var conferenceId in due)
        {
            await FlushAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(string conferenceId, CancellationToken cancellationToken)
    {
        try
        {
            var conference = await conferences.GetAsync(conferenceId, cancellationToken).ConfigureAwait(false);
            var post = conference is null ? null : await posts.GetPostAsync(conference.Id, CurrentPost, cancellationToken).ConfigureAwait(false);
            if (conference is null || post?.ActivityId is null)
            {
                lock (_lock)
                {
                    _paces.Remove(conferenceId);
                }

                return;
            }

            var now = Time.GetUtcNow();
            lock (_lock)
            {
                // After a restart this instance has no memory of the last write: the post time is the safe floor.
                var pace = _paces.GetValueOrDefault(conferenceId);
                if (pace?.LastPut is null && now < post.PostedAt + Window)
                {
                    _paces[conferenceId] = new Pace(true, post.PostedAt);
                    return;
                }

                _paces[conferenceId] = new Pace(false, now);
            }

            var card = await BuildCardAsync(conference, null, null, cancellationToken).ConfigureAwait(false);
            var activity = Address(Activity.CreateCard(card, SharedLanguage.Pick("Câu hỏi thảo luận", "Discussion questions")), post, conference.Id);
            await connector.UpdateActivityAsync(post.ServiceUrl, post.ConversationId, post.ActivityId, activity, cancellationToken).ConfigureAwait(false);
            LogUpdated(logger, post.ConversationId);
        }
        catch (ConnectorException e)
        {
            LogUpdateFailed(logger, e.Message);
            if (e.IsTransient)
            {
                MarkChangedQuietly(conferenceId);
            }
        }
        catch (Exception e) when (e is not ConnectorException)
        {
            // Storage or the network is down: the change stays pending and the loop logs the outage once, then retries.
            MarkChangedQuietly(conferenceId);
            throw;
        }
    }

    private void MarkChangedQuietly(string conferenceId)
    {
        lock (_lock)
        {
            _paces[conferenceId] = new Pace(true, _paces.GetValueOrDefault(conferenceId)?.LastPut);
        }
    }

    /// <summary>The card posted straight into the group chat carries its conference on every button, as any other card.</summary>
    internal static Activity Address(Activity activity, QuestionPost target, string conferenceId)
    {
        ConferenceCards.Stamp(activity, conferenceId);
        activity.ServiceUrl = target.ServiceUrl;
        activity.ChannelId = "msteams";
        activity.Conversation = new ConversationAccount { Id = target.ConversationId, ConversationType = target.ConversationType, TenantId = target.TenantId, IsGroup = true };
        activity.From = target.BotId is null ? null : new ChannelAccount { Id = target.BotId };
        activity.Locale = "vi-VN";
        return activity;
    }

    private sealed record Pace(bool Dirty, DateTimeOffset? LastPut);

    [LoggerMessage(Level = LogLevel.Information, Message = "Questions posted to {ConversationId}")]
    private static partial void LogPosted(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the questions to {ConversationId}: {Reason}")]
    private static partial void LogPostFailed(ILogger logger, string conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Questions card updated in {ConversationId}")]
    private static partial void LogUpdated(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the questions card: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string reason);
}
