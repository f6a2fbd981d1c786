using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;

namespace KhConferenceBot.Features.Reminders;

/// <summary>"nhắc lúc 09h30 Mời đại biểu chụp ảnh lưu niệm": a one-off reminder in the group chat on the conference day.</summary>
internal sealed partial class AddReminderCommand(IReminderStore store, IGroupChatStore groupChats, ReminderScheduler scheduler, TimeProvider time, ILogger<AddReminderCommand> logger) : IBotCommand
{
    public const int MaxTextLength = 500;

    public CommandDescriptor Descriptor { get; } = new(
        "add-reminder", ["nhắc lúc", "thêm nhắc"], ["remind at"], CommandScope.Any, OrganizerOnly: true,
        "Thêm lời nhắc trong nhóm chat, ví dụ: nhắc lúc 09h30 Mời đại biểu chụp ảnh", "Add a group chat reminder, e.g. remind at 09:30 Group photo");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        var parts = argument.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        var at = parts.Length > 0 ? AgendaTime.TryParse(parts[0]) : null;
        var text = parts.Length > 1 ? parts[1].Trim() : "";
        if (at is null || text.Length == 0)
        {
            await turn.SendTextAsync(turn.T(
                "Hãy gõ giờ và nội dung, ví dụ: **nhắc lúc 09h30 Mời đại biểu chụp ảnh lưu niệm**.",
                "Type a time and a text, e.g. **remind at 09:30 Group photo**.")).ConfigureAwait(false);
            return;
        }

        if (text.Length > MaxTextLength)
        {
            await turn.SendTextAsync(turn.T($"Nội dung nhắc quá dài (tối đa {MaxTextLength} ký tự).", $"The text is too long (at most {MaxTextLength} characters).")).ConfigureAwait(false);
            return;
        }

        var due = turn.Conference.At(at.Value);
        if (due <= time.GetUtcNow())
        {
            await turn.SendTextAsync(turn.T(
                $"Giờ {AgendaTime.Format(at.Value)} ngày họp đã qua. Hãy chọn một giờ sau thời điểm hiện tại.",
                $"{AgendaTime.Format(at.Value)} on the conference day has passed. Choose a later time.")).ConfigureAwait(false);
            return;
        }

        await store.AddCustomAsync(turn.Conference.Id, new CustomReminder(Guid.NewGuid().ToString("N")[..12], at.Value, text, turn.UserAadObjectId), turn.CancellationToken).ConfigureAwait(false);
        LogAdded(logger, AgendaTime.Format(at.Value));
        scheduler.Wake();
        var bound = await groupChats.GetBindingAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false) is not null;
        await turn.SendTextAsync(turn.T(
            $"Đã đặt lời nhắc lúc **{AgendaTime.Format(at.Value)}**, {turn.Conference.FormatDate(Language.Vi)}, trong nhóm chat hội nghị."
                + (bound ? "" : " Lưu ý: chưa gắn nhóm chat; hãy **gắn hội nghị** trong nhóm chat trước giờ nhắc."),
            $"Reminder set for **{AgendaTime.Format(at.Value)}** on {turn.Conference.FormatDate(Language.En)} in the conference group chat."
                + (bound ? "" : " Note: no group chat is bound yet; **bind conference** in the chat before then."))).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom reminder added for {At}")]
    private static partial void LogAdded(ILogger logger, string at);
}
