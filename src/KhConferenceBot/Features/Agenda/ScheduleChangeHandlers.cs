using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;

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

    public static JsonElement Preview(Conference updated, Language language, AgendaSnapshot snapshot, IReadOnlyList<ChangedRow> changes, ScheduleChangeRequest request, string etag)
    {
        var card = AgendaCard.Build(updated, language, snapshot, changes, language.Pick("Xem trước chương trình mới", "Preview of the new agenda"));
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

    /// <summary>What an applied change did, in one sentence for the organizer (the chat's card and the workspace page).</summary>
    public static string Summary(ScheduleChangeOutcome outcome, Language language)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        string T(string vi, string en) => language.Pick(vi, en);
        var told = outcome.DelegatesTold;
        var cardUpdates = outcome.InvitationUpdates;
        return T("Đã áp dụng thay đổi chương trình.", "The agenda change is applied.")
            + (told > 0 ? T($" Đã xếp {told} tin nhắn báo giờ, địa điểm mới cho đại biểu sẽ dự.", $" {told} attending delegates will be told the new time and place.") : "")
            + (cardUpdates > 0 ? T($" {cardUpdates} thư mời đã gửi sẽ được cập nhật giờ mới.", $" {cardUpdates} delivered invitations will show the new times.") : "")
            + (outcome.Notes.Count > 0 ? T(" Lưu ý: ", " Note: ") + string.Join("; ", outcome.Notes.Select(n => n.Get(language))) + "." : "");
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

/// <summary>Preview and confirm of a schedule change, through <see cref="ScheduleChangeService"/>. Organizers of the card's conference only: the router does not check card actions' roles.</summary>
internal sealed class ScheduleChangeActions(ConferenceDirectory conferences, ScheduleChangeService scheduleChanges, TimeProvider time) : ICardActionHandler
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

        var change = ScheduleChange.OfItem(request);
        var actor = new ActingOrganizer(turn.Activity.From?.AadObjectId ?? "", turn.Activity.From?.Name);
        if (action.Verb == ScheduleChangeCards.PreviewVerb)
        {
            var preview = await scheduleChanges.PreviewAsync(stored.Conference, change, actor, turn.CancellationToken).ConfigureAwait(false);
            return preview.IsRefused
                ? CardActionResult.ReplaceCard(ScheduleChangeCards.Form(stored.Conference, turn.Language, etag, request, preview.Refusal!.Get(turn.Language)))
                : CardActionResult.ReplaceCard(ScheduleChangeCards.Preview(preview.Updated!, turn.Language, AgendaSnapshot.At(preview.Updated!, time.GetUtcNow()), preview.Changes, request, etag));
        }

        var outcome = await scheduleChanges.ApplyAsync(stored, change, actor, turn.CancellationToken).ConfigureAwait(false);
        switch (outcome.Status)
        {
            case ScheduleChangeStatus.Refused:
                return CardActionResult.ReplaceCard(ScheduleChangeCards.Form(stored.Conference, turn.Language, etag, request, outcome.Preview.Refusal!.Get(turn.Language)));
            case ScheduleChangeStatus.Conflict:
                var fresh = await conferences.GetStoredAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false)
                    ?? throw new ConferenceNotConfiguredException(turn.Conference.Id);
                return CardActionResult.ReplaceCard(ScheduleChangeCards.Form(fresh.Conference, turn.Language, fresh.ETag.ToString(), request,
                    turn.T("Chương trình vừa được thay đổi bởi người khác. Thay đổi của Quý vị chưa được lưu; hãy xem trước lần nữa.",
                        "Someone else changed the agenda first. Your change was not saved; preview it again.")));
        }

        var updated = outcome.Updated!;
        var done = AgendaCard.Build(updated, turn.Language, AgendaSnapshot.At(updated, time.GetUtcNow()), outcome.Preview.Changes, turn.T("Chương trình đã cập nhật", "Agenda updated"));
        done.Body.Insert(1, new TextBlock(ScheduleChangeCards.Summary(outcome, turn.Language)) { Color = TextColor.Good, Weight = TextWeight.Bolder });
        return CardActionResult.ReplaceCard(done.ToJsonElement());
    }
}
