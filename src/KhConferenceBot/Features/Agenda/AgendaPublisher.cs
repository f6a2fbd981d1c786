using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Agenda;

/// <summary>
/// Posts agenda cards and keeps the ones in group chats current. Every card posted into a group chat is recorded;
/// <see cref="RefreshPostedCardsAsync"/> re-renders each and PUTs it in place when what it shows changed and the card
/// was not written in the last <see cref="AgendaOptions.MinCardUpdateSeconds"/> (the pace of the live now/next marks;
/// a schedule change does not wait for it).
/// </summary>
public sealed partial class AgendaPublisher(
    IPostedAgendaCardStore postedCards,
    IConnectorClient connector,
    IOptions<AgendaOptions> options,
    TimeProvider time,
    ILogger<AgendaPublisher> logger)
{
    public async Task PostAgendaAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = time.GetUtcNow();
        var card = AgendaCard.Render(turn.Conference, turn.Language, AgendaSnapshot.At(turn.Conference, now));
        var sent = await turn.SendCardAsync(card, turn.T("Chương trình hội nghị", "Conference agenda")).ConfigureAwait(false);
        if (!turn.IsPersonal && !string.IsNullOrEmpty(sent.Id))
        {
            await postedCards.AddAsync(turn.Conference.Id, new PostedAgendaCard(
                turn.ConversationId, turn.Activity.ServiceUrl!, sent.Id, turn.Language.Code(), Hash(card), now, ETag.All), turn.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Updates the posted cards whose content changed; returns how many were PUT. <paramref name="immediately"/> is for a
    /// confirmed schedule change: the notice is already in the chat, so no card may keep the old times for a minute.
    /// </summary>
    public async Task<int> RefreshPostedCardsAsync(Conference conference, CancellationToken cancellationToken, bool immediately = false)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var now = time.GetUtcNow();
        var snapshot = AgendaSnapshot.At(conference, now);
        var minimum = TimeSpan.FromSeconds(options.Value.MinCardUpdateSeconds);
        var updated = 0;
        foreach (var posted in await postedCards.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false))
        {
            var language = LanguageExtensions.Parse(posted.Language) ?? Language.Vi;
            var card = AgendaCard.Render(conference, language, snapshot);
            var hash = Hash(card);
            if (hash == posted.StateHash || (!immediately && now - posted.LastUpdatedAt < minimum))
            {
                // Unchanged, or written too recently: a later tick picks the change up once the minute has passed.
                continue;
            }

            if (!await postedCards.TryClaimUpdateAsync(conference.Id, posted, hash, now, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var activity = Activity.CreateCard(card, language.Pick("Chương trình hội nghị", "Conference agenda"));
            activity.Id = posted.ActivityId;
            activity.Conversation = new ConversationAccount { Id = posted.ConversationId, ConversationType = ConversationTypes.GroupChat };
            try
            {
                await connector.UpdateActivityAsync(posted.ServiceUrl, posted.ConversationId, posted.ActivityId, activity, cancellationToken).ConfigureAwait(false);
                updated++;
            }
            catch (ConnectorException ex)
            {
                LogUpdateFailed(logger, ex, posted.ConversationId, posted.ActivityId);

                // Forget the hash so the card is tried again after the debounce interval instead of staying stale.
                await postedCards.TryClaimUpdateAsync(conference.Id, posted with { ETag = ETag.All }, "", now, cancellationToken).ConfigureAwait(false);
            }
        }

        return updated;
    }

    internal static string Hash(JsonElement card) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(card.GetRawText())), 0, 16);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update agenda card {ActivityId} in {ConversationId}")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, string conversationId, string activityId);
}

/// <summary>
/// Moves the now/next marks on every posted agenda card as the day goes on, and lets the followers of the last
/// schedule change catch up if the instance that confirmed it stopped before they were told.
/// </summary>
public sealed class LiveAgendaService(
    AgendaPublisher publisher,
    ConferenceDirectory conferences,
    IEnumerable<IScheduleChangeFollower> followers,
    IOptions<AgendaOptions> options,
    TimeProvider time,
    ILogger<LiveAgendaService> logger) : ClockedBackgroundService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.LiveTickSeconds);

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var conference in await conferences.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            await TickAsync(conference, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TickAsync(Conference conference, CancellationToken cancellationToken)
    {
        await publisher.RefreshPostedCardsAsync(conference, cancellationToken).ConfigureAwait(false);
        if (conference.LastChangeId is { } changeId)
        {
            foreach (var follower in followers)
            {
                await follower.FollowAsync(conference, changeId, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
