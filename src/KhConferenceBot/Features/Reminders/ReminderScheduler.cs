using System.Security.Cryptography;
using System.Text;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Reminders;

/// <summary>
/// Sends each due reminder once, across instances and restarts. Every tick re-plans from the CURRENT agenda, creates the
/// row of each due reminder, and takes it with an ETag-conditional write (a lease) before sending; only the instance whose
/// write wins sends. A reminder found more than <see cref="ReminderOptions.GraceMinutes"/> late is marked Skipped
/// instead, and the organizers are told which.
/// </summary>
public sealed partial class ReminderScheduler(
    IReminderStore store,
    ConferenceDirectory conferences,
    IGroupChatStore groupChats,
    DayBeforeReminder dayBefore,
    ConferenceRoles roles,
    IConnectorClient connector,
    IServiceProvider services,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderScheduler> logger) : ClockedBackgroundService(time, logger)
{
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.TickSeconds);

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var conference in await conferences.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            if (conference.Allows(ConferenceAction.RunGroupChat))
            {
                await TickAsync(conference, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TickAsync(Conference conference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var custom = await store.ListCustomAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var due = ReminderPlanner.Plan(conference, o, custom).Where(r => r.DueAt <= now).OrderBy(r => r.DueAt).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var skipped = new List<PlannedReminder>();
        var binding = await groupChats.GetBindingAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        foreach (var reminder in due)
        {
            var row = await store.GetOrCreateAsync(conference.Id, reminder, cancellationToken).ConfigureAwait(false);
            if (row.State is ReminderState.Sent or ReminderState.Skipped or ReminderState.Failed
                || (row.State == ReminderState.Claimed && row.LeaseUntil > now))
            {
                continue;
            }

            if (now - reminder.DueAt > TimeSpan.FromMinutes(o.GraceMinutes))
            {
                if (await store.TryUpdateAsync(conference.Id, row with { State = ReminderState.Skipped, LeaseUntil = null, Owner = _instance }, cancellationToken).ConfigureAwait(false))
                {
                    LogSkipped(logger, reminder.Key);
                    skipped.Add(reminder);
                }

                continue;
            }

            if (reminder.Target == ReminderTarget.GroupChat && binding is null)
            {
                // Nothing to post into yet. It stays pending: bound in time it is sent, otherwise it is skipped and reported.
                continue;
            }

            var claimed = row with { State = ReminderState.Claimed, LeaseUntil = now.AddSeconds(o.LeaseSeconds), Owner = _instance, Attempts = row.Attempts + 1 };
            if (!await store.TryUpdateAsync(conference.Id, claimed, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // Re-read for the ETag the claim produced; the next write must prove nobody took the row meanwhile.
            claimed = await store.GetOrCreateAsync(conference.Id, reminder, cancellationToken).ConfigureAwait(false);
            if (claimed.Owner != _instance || claimed.State != ReminderState.Claimed)
            {
                continue;
            }

            string? activityId = null;
            try
            {
                activityId = await SendAsync(conference, reminder, binding, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex)
            {
                LogSendFailed(logger, ex, reminder.Key);
                var state = claimed.Attempts >= o.MaxAttempts ? ReminderState.Failed : ReminderState.Pending;
                await store.TryUpdateAsync(conference.Id, claimed with { State = state, LeaseUntil = null }, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (InvalidOperationException ex)
            {
                LogSendFailed(logger, ex, reminder.Key);
                await store.TryUpdateAsync(conference.Id, claimed with { State = ReminderState.Pending, LeaseUntil = null }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await store.TryUpdateAsync(conference.Id, claimed with { State = ReminderState.Sent, LeaseUntil = null, ActivityId = activityId }, cancellationToken).ConfigureAwait(false);
            LogSent(logger, reminder.Key);
        }

        if (skipped.Count > 0)
        {
            await TellOrganizersAsync(conference, skipped, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> SendAsync(Conference conference, PlannedReminder reminder, GroupChatBinding? binding, CancellationToken cancellationToken)
    {
        if (reminder.Target == ReminderTarget.GroupChat)
        {
            var activity = Activity.CreateMessage(reminder.Text);
            activity.Conversation = new ConversationAccount { Id = binding!.ConversationId, ConversationType = ConversationTypes.GroupChat };
            var sent = await connector.SendToConversationAsync(binding.ServiceUrl, binding.ConversationId, activity, cancellationToken).ConfigureAwait(false);
            return sent.Id;
        }

        var outbox = services.GetService<IOutbox>() ?? throw new InvalidOperationException("No IOutbox is registered.");

        // Everyone with a pass gets it with the reminder. The outbox keeps one row per (purpose, recipient): a retry after
        // a crash here adds nothing twice.
        var messages = await dayBefore.MessagesAsync(conference, reminder, OutboxPurposes.Of(conference.Id, "reminder:" + reminder.Key), cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task TellOrganizersAsync(Conference conference, List<PlannedReminder> skipped, CancellationToken cancellationToken)
    {
        if (services.GetService<IOutbox>() is not { } outbox)
        {
            LogNoOutbox(logger, skipped.Count);
            return;
        }

        var zone = conference.Zone;
        var lines = skipped.Select(r =>
        {
            var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.DueAt, zone).DateTime);
            var text = r.Text.Replace("\n\n", " ", StringComparison.Ordinal);
            return $"- {AgendaTime.Format(local)}: {TextCut.Shorten(text, 120)}";
        });
        var message = $"⚠️ **{conference.ShortName.Vi}**: bot không hoạt động đúng lúc nên {skipped.Count} lời nhắc đã quá hạn và **không được gửi**:\n\n"
            + string.Join("\n", lines) + "\n\nNếu cần, hãy nhắc trực tiếp trong nhóm chat.";
        var batch = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", skipped.Select(s => s.Key)))), 0, 8).ToLowerInvariant();
        var organizers = (await roles.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).Where(m => m.Roles.HasFlag(ConferenceRole.Organizer));
        await outbox.EnqueueAsync(organizers.Select(m =>
            new OutboxMessage(OutboxPurposes.Of(conference.Id, "reminders-skipped:" + batch), m.AadObjectId, Activity.CreateMessage(message), UserAadObjectId: m.AadObjectId)), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {Key} sent")]
    private static partial void LogSent(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Key} was due too long ago and is skipped")]
    private static partial void LogSkipped(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Key} could not be sent; it will be retried")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "No IOutbox is registered: organizers were not told about {Count} skipped reminders")]
    private static partial void LogNoOutbox(ILogger logger, int count);
}
