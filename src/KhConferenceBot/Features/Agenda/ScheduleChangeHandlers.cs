using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Agenda;

/// <summary>The organizer's form: item, new times, presenter, cancel, shift, reason; then preview and confirm.</summary>
public static class ScheduleChangeCards
{
    public const string PreviewVerb = "agenda.change.preview";
    public const string ConfirmVerb = "agenda.change.confirm";
    public const string EditVerb = "agenda.change.edit";
    public const int MaxReasonLength = 500;

    public static JsonElement Form(Conference conference, Language language, string etag, ScheduleChangeRequest? previous = null, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(conference);
        string T(string vi, string en) => language.Pick(vi, en);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Thay đổi chương trình", "Change the agenda")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(conference.ShortName.Get(language)) { IsSubtle = true, Spacing = Spacing.None },
            },
        };
        if (error is not null)
        {
            card.Body.Add(new TextBlock(error) { Color = TextColor.Attention, Weight = TextWeight.Bolder });
        }

        card.Body.Add(new ChoiceSetInput("item")
        {
            Label = T("Mục cần thay đổi", "Item to change"),
            IsRequired = true,
            ErrorMessage = T("Hãy chọn một mục.", "Choose an item."),
            Value = previous?.ItemId,
            Choices = conference.Agenda.OrderBy(a => a.Start)
                .Select(a => new Choice($"{a.TimeRange} · {TextCut.Shorten(a.Content.Get(language), 60)}{(a.Cancelled ? T(" (đã hủy)", " (cancelled)") : "")}", a.Id)).ToList(),
        });
        card.Body.Add(new TextInput("start") { Label = T("Giờ bắt đầu mới (ví dụ 08h15)", "New start (e.g. 08:15)"), Placeholder = "08h15", MaxLength = 5, Value = previous?.NewStart });
        card.Body.Add(new TextInput("end") { Label = T("Giờ kết thúc mới (để trống: giữ thời lượng)", "New end (empty: keep the duration)"), Placeholder = "08h30", MaxLength = 5, Value = previous?.NewEnd });
        card.Body.Add(new TextInput("presenter") { Label = T("Người trình bày mới (không bắt buộc)", "New presenter (optional)"), MaxLength = ScheduleChanger.MaxPresenterLength, Value = previous?.NewPresenter });
        card.Body.Add(new ToggleInput("shift", T("Lùi/đẩy các mục sau theo cùng khoảng thời gian", "Shift the following items by the same amount")) { Value = previous?.ShiftFollowing == true ? "true" : "false", ValueOn = "true", ValueOff = "false", Wrap = true });
        card.Body.Add(new ToggleInput("cancel", T("Hủy mục này", "Cancel this item")) { Value = previous?.Cancel == true ? "true" : "false", ValueOn = "true", ValueOff = "false" });
        card.Body.Add(new TextInput("reason") { Label = T("Lý do (sẽ gửi kèm thông báo)", "Reason (sent with the notice)"), IsMultiline = true, MaxLength = MaxReasonLength, Value = previous?.Reason });
        card.Actions.Add(new ExecuteAction(T("Xem trước", "Preview"), PreviewVerb, new { etag }));
        return card.ToJsonElement();
    }

    public static JsonElement Preview(Conference updated, Language language, AgendaSnapshot snapshot, ScheduleChangeResult result, ScheduleChangeRequest request, string etag)
    {
        var card = AgendaCard.Build(updated, language, snapshot, result.Changes, language.Pick("Xem trước chương trình mới", "Preview of the new agenda"));
        card.Body.Insert(1, new TextBlock(language.Pick("Các dòng tô màu là dòng thay đổi. Chưa có gì được lưu.", "Highlighted rows change. Nothing is saved yet.")) { IsSubtle = true, Spacing = Spacing.None });
        var data = Data(request, etag);
        card.Actions.Add(new ExecuteAction(language.Pick("Xác nhận", "Confirm"), ConfirmVerb, data) { Style = ActionStyle.Positive });
        card.Actions.Add(new ExecuteAction(language.Pick("Sửa lại", "Edit"), EditVerb, data));
        return card.ToJsonElement();
    }

    public static ScheduleChangeRequest Read(CardAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var reason = action.GetString("reason");
        return new ScheduleChangeRequest(
            action.GetString("item"),
            action.GetString("start"),
            action.GetString("end"),
            action.GetString("presenter"),
            action.GetBool("cancel"),
            action.GetBool("shift"),
            reason is { Length: > MaxReasonLength } ? reason[..MaxReasonLength] : reason);
    }

    private static Dictionary<string, string> Data(ScheduleChangeRequest r, string etag) => new()
    {
        ["etag"] = etag,
        ["item"] = r.ItemId ?? "",
        ["start"] = r.NewStart ?? "",
        ["end"] = r.NewEnd ?? "",
        ["presenter"] = r.NewPresenter ?? "",
        ["cancel"] = r.Cancel ? "true" : "false",
        ["shift"] = r.ShiftFollowing ? "true" : "false",
        ["reason"] = r.Reason ?? "",
    };

}

/// <summary>"thay đổi chương trình": sends the organizer the change form.</summary>
internal sealed class ChangeAgendaCommand(ConferenceDirectory conferences) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "change-agenda", ["thay đổi chương trình", "đổi chương trình", "đổi lịch"], ["change agenda"], CommandScope.Personal, OrganizerOnly: true,
        "Đổi giờ, người trình bày hoặc hủy một mục của chương trình", "Move, re-assign or cancel an agenda item");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        if (!turn.Conference.Allows(ConferenceAction.ChangeSchedule))
        {
            await turn.SendTextAsync(ConferenceLifecycle.Refusal(turn.Conference.State, ConferenceAction.ChangeSchedule).Get(turn.Language)).ConfigureAwait(false);
            return;
        }

        var stored = await conferences.GetStoredAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false)
            ?? throw new ConferenceNotConfiguredException(turn.Conference.Id);
        await turn.SendCardAsync(ScheduleChangeCards.Form(stored.Conference, turn.Language, stored.ETag.ToString()), turn.T("Thay đổi chương trình", "Change the agenda")).ConfigureAwait(false);
    }
}

/// <summary>Preview and confirm of a schedule change. Organizers of the card's conference only: the router does not check card actions' roles.</summary>
internal sealed partial class ScheduleChangeActions(
    ConferenceDirectory conferences,
    IGroupChatStore groupChats,
    AgendaPublisher publisher,
    LiveAgendaService live,
    IConfirmedDelegates confirmedDelegates,
    IEnumerable<IScheduleChangeFollower> followers,
    IServiceProvider services,
    IConnectorClient connector,
    IOptions<AgendaOptions> agendaOptions,
    IOptions<ConferenceOptions> conferenceOptions,
    TimeProvider time,
    ILogger<ScheduleChangeActions> logger) : ICardActionHandler
{
    public string VerbPrefix => "agenda.change.";

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(action);
        if (!turn.IsOrganizer)
        {
            return CardActionResult.Refuse(turn.T("Chỉ Ban Tổ chức được thay đổi chương trình.", "Only the organizers can change the agenda."), "forbidden", 403);
        }

        if (!turn.Conference.Allows(ConferenceAction.ChangeSchedule))
        {
            return CardActionResult.Refuse(ConferenceLifecycle.Refusal(turn.Conference.State, ConferenceAction.ChangeSchedule).Get(turn.Language), "conferenceState", 409);
        }

        var request = ScheduleChangeCards.Read(action);
        var etag = action.GetString("etag") ?? "";
        var stored = await conferences.GetStoredAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false)
            ?? throw new ConferenceNotConfiguredException(turn.Conference.Id);
        if (action.Verb == ScheduleChangeCards.EditVerb)
        {
            return CardActionResult.ReplaceCard(ScheduleChangeCards.Form(stored.Conference, turn.Language, stored.ETag.ToString(), request));
        }

        if (action.Verb is not (ScheduleChangeCards.PreviewVerb or ScheduleChangeCards.ConfirmVerb))
        {
            return CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }

        if (!string.Equals(etag, stored.ETag.ToString(), StringComparison.Ordinal))
        {
            return CardActionResult.ReplaceCard(ScheduleChangeCards.Form(stored.Conference, turn.Language, stored.ETag.ToString(), request,
                turn.T("Chương trình vừa được thay đổi bởi người khác kể từ khi mở thẻ này. Hãy xem lại và xem trước lần nữa.",
                    "The agenda was changed by someone else since this card was opened. Check it and preview again.")));
        }

        var result = ScheduleChanger.Apply(stored.Conference, request, DayTime(agendaOptions.Value.DayStartsAt, 6), DayTime(agendaOptions.Value.DayEndsAt, 22));
        if (result.IsRefused)
        {
            return CardActionResult.ReplaceCard(ScheduleChangeCards.Form(stored.Conference, turn.Language, etag, request, result.Refusal(turn.Language)));
        }

        var updated = result.Updated!;
        if (action.Verb == ScheduleChangeCards.PreviewVerb)
        {
            return CardActionResult.ReplaceCard(ScheduleChangeCards.Preview(updated, turn.Language, AgendaSnapshot.At(updated, time.GetUtcNow()), result, request, etag));
        }

        var changeId = ScheduleChanger.ChangeId(stored.ETag.ToString());
        updated.RevisedAt = time.GetUtcNow();
        updated.LastChangeId = changeId;
        if (!await conferences.TryReplaceAsync(updated, stored.ETag, turn.CancellationToken).ConfigureAwait(false))
        {
            var fresh = await conferences.GetStoredAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false)
                ?? throw new ConferenceNotConfiguredException(turn.Conference.Id);
            return CardActionResult.ReplaceCard(ScheduleChangeCards.Form(fresh.Conference, turn.Language, fresh.ETag.ToString(), request,
                turn.T("Chương trình vừa được thay đổi bởi người khác. Thay đổi của Quý vị chưa được lưu; hãy xem trước lần nữa.",
                    "Someone else changed the agenda first. Your change was not saved; preview it again.")));
        }

        LogApplied(logger, changeId, request.ItemId ?? "");
        var problems = new List<string>();

        var binding = await groupChats.GetBindingAsync(updated.Id, turn.CancellationToken).ConfigureAwait(false);
        if (binding is not null)
        {
            var language = LanguageExtensions.Parse(conferenceOptions.Value.DefaultLanguage) ?? Language.Vi;
            try
            {
                await connector.SendToConversationAsync(binding.ServiceUrl, binding.ConversationId, Notice(stored.Conference, updated, result, request, language, binding.ConversationId), turn.CancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex)
            {
                LogNoticeFailed(logger, ex, binding.ConversationId);
                problems.Add(turn.T("không gửi được thông báo vào nhóm chat", "the group chat notice could not be sent"));
            }
        }
        else
        {
            problems.Add(turn.T("chưa gắn nhóm chat nên chưa thông báo vào nhóm", "no group chat is bound, so no notice was posted"));
        }

        await publisher.RefreshPostedCardsAsync(updated, turn.CancellationToken, immediately: true).ConfigureAwait(false);
        live.Wake();

        var cardUpdates = 0;
        try
        {
            foreach (var follower in followers)
            {
                cardUpdates += await follower.FollowAsync(updated, changeId, turn.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (Azure.RequestFailedException ex)
        {
            // The change is saved with its id, so the live tick queues what is missing; the organizer gets no error for it.
            LogFollowDeferred(logger, ex, changeId);
            problems.Add(turn.T("thư mời đã gửi sẽ được cập nhật ở lượt kiểm tra sau", "delivered invitations will be updated on the next check"));
        }

        var told = 0;
        if (updated.StartsAt != stored.Conference.StartsAt)
        {
            told = await TellDelegatesAsync(updated, stored.Conference.StartsAt, changeId, request.Reason, turn.CancellationToken).ConfigureAwait(false);
            if (told < 0)
            {
                problems.Add(turn.T("chưa báo được cho đại biểu (hộp thư đi chưa sẵn sàng)", "delegates could not be told (the outbox is not available)"));
            }
        }

        var summary = turn.T("Đã áp dụng thay đổi chương trình.", "The agenda change is applied.")
            + (told > 0 ? turn.T($" Giờ bắt đầu thay đổi: đã xếp {told} tin nhắn báo cho đại biểu.", $" The start moved: {told} delegates will be told.") : "")
            + (cardUpdates > 0 ? turn.T($" {cardUpdates} thư mời đã gửi sẽ được cập nhật giờ mới.", $" {cardUpdates} delivered invitations will show the new times.") : "")
            + (problems.Count > 0 ? turn.T(" Lưu ý: ", " Note: ") + string.Join("; ", problems) + "." : "");
        var done = AgendaCard.Build(updated, turn.Language, AgendaSnapshot.At(updated, time.GetUtcNow()), result.Changes, turn.T("Chương trình đã cập nhật", "Agenda updated"));
        done.Body.Insert(1, new TextBlock(summary) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        return CardActionResult.ReplaceCard(done.ToJsonElement());
    }

    private async Task<int> TellDelegatesAsync(Conference updated, DateTimeOffset oldStart, string changeId, string? reason, CancellationToken cancellationToken)
    {
        if (services.GetService<IOutbox>() is not { } outbox)
        {
            LogNoOutbox(logger);
            return -1;
        }

        var delegates = await confirmedDelegates.GetAadObjectIdsAsync(updated.Id, cancellationToken).ConfigureAwait(false);
        var zone = updated.Zone;
        var oldLocal = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(oldStart, zone).DateTime);
        var newLocal = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(updated.StartsAt, zone).DateTime);
        var text = $"📢 **{updated.ShortName.Vi}**: giờ bắt đầu hội nghị thay đổi từ ~~{AgendaTime.Format(oldLocal)}~~ sang **{AgendaTime.Format(newLocal)}**, {updated.FormatDayOfWeekDate(Language.Vi)}, tại {updated.Venue.Vi}."
            + (string.IsNullOrWhiteSpace(reason) ? "" : $" Lý do: {reason.Trim()}.")
            + " Gõ **chương trình** để xem chương trình mới.";
        var messages = delegates.Distinct(StringComparer.OrdinalIgnoreCase).Select(id => new OutboxMessage(
            OutboxPurposes.Of(updated.Id, "agenda-change:" + changeId), id, Activity.CreateMessage(text), UserAadObjectId: id));
        await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        return delegates.Count;
    }

    private static Activity Notice(Conference before, Conference after, ScheduleChangeResult result, ScheduleChangeRequest request, Language language, string conversationId)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var lines = new List<string> { T("📢 **Thay đổi chương trình hội nghị**", "📢 **Agenda change**") };
        var mentioned = new List<PresenterAccount>();
        foreach (var change in result.Changes)
        {
            var old = before.FindItem(change.ItemId)!;
            var now = after.FindItem(change.ItemId)!;
            var name = now.Content.Get(language);
            if (now.Cancelled)
            {
                lines.Add(T($"- {name} ({change.OldRange}): **đã hủy**", $"- {name} ({change.OldRange}): **cancelled**"));
                continue;
            }

            var line = change.OldRange == now.TimeRange
                ? $"- {name}: {now.TimeRange}"
                : $"- {name}: ~~{change.OldRange}~~ → **{now.TimeRange}**";
            if (old.Presenter?.Vi != now.Presenter?.Vi && now.Presenter is { } p)
            {
                line += T($"; người trình bày: **{CardText.Plain(p.Get(language))}**", $"; presenter: **{CardText.Plain(p.Get(language))}**");
            }

            var presenters = now.PresenterAccounts.Where(a => !mentioned.Contains(a)).ToList();
            if (presenters.Count > 0)
            {
                line += " " + string.Join(" ", presenters.Select(a => MentionText(a.Name)));
                mentioned.AddRange(presenters);
            }

            lines.Add(line);
        }

        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            lines.Add(T("Lý do: ", "Reason: ") + CardText.Plain(request.Reason.Trim()));
        }

        lines.Add(T("Nhắc tên tôi kèm **chương trình** để xem chương trình đầy đủ.", "Mention me with **agenda** for the full agenda."));
        var activity = Activity.CreateMessage(string.Join("\n\n", lines));
        activity.Conversation = new ConversationAccount { Id = conversationId, ConversationType = ConversationTypes.GroupChat };

        // Teams shows a mention only when the entity's text appears in the message text, so both use one form.
        activity.Entities = mentioned.Count == 0 ? null : mentioned.Select(a => Entity.Mention(a.AadObjectId, a.Name)).ToList();
        return activity;
    }

    private static string MentionText(string name) => Entity.Mention("-", name).Text!;

    internal static TimeOnly DayTime(string? text, int fallbackHour) => AgendaTime.TryParse(text) ?? new TimeOnly(fallbackHour, 0);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule change {ChangeId} applied to item {ItemId}")]
    private static partial void LogApplied(ILogger logger, string changeId, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule change {ChangeId}: its followers could not be told now; the live tick retries")]
    private static partial void LogFollowDeferred(ILogger logger, Exception exception, string changeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the schedule change notice to {ConversationId}")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "No IOutbox is registered: delegates were not told about the new start time")]
    private static partial void LogNoOutbox(ILogger logger);
}
