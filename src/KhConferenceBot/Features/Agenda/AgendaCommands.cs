using KhConferenceBot.Bot;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Features.Agenda;

/// <summary>"chương trình": the agenda card, live in group chats.</summary>
internal sealed class AgendaCommand(AgendaPublisher publisher) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "agenda", ["chương trình", "lịch", "chương trình hội nghị"], ["agenda", "schedule"], CommandScope.Any, OrganizerOnly: false,
        "Xem chương trình hội nghị (đang diễn ra, tiếp theo)", "See the agenda (now and next)");

    public Task ExecuteAsync(TurnContext turn, string argument) => publisher.PostAgendaAsync(turn);
}

/// <summary>"gắn hội nghị" in a group chat: this chat becomes the conference's group chat.</summary>
internal sealed partial class BindGroupChatCommand(IGroupChatStore groupChats, TimeProvider time, ILogger<BindGroupChatCommand> logger) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "bind-group-chat", ["gắn hội nghị", "gắn nhóm"], ["bind conference", "bind"], CommandScope.Group, OrganizerOnly: true,
        "Gắn nhóm chat này với hội nghị (nhắc lịch, thay đổi chương trình)", "Make this chat the conference group chat");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        var previous = await groupChats.GetBindingAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        await groupChats.BindAsync(new GroupChatBinding(turn.Conference.Id, turn.ConversationId, turn.Activity.ServiceUrl!, turn.UserAadObjectId, time.GetUtcNow()), turn.CancellationToken).ConfigureAwait(false);
        LogBound(logger, turn.Conference.Id, turn.ConversationId);
        var replaced = previous is not null && previous.ConversationId != turn.ConversationId
            ? turn.T(" (thay cho nhóm chat đã gắn trước đó)", " (replacing the chat bound before)")
            : "";
        await turn.SendTextAsync(turn.T(
            $"Đã gắn nhóm chat này với **{turn.Conference.ShortName.Vi}**{replaced}. Nhóm sẽ nhận nhắc lịch và thông báo thay đổi chương trình. Nhắc tên tôi kèm **chương trình** để xem chương trình.",
            $"This chat is now the group chat of the **{turn.Conference.ShortName.En}**{replaced}. It will get reminders and schedule changes. Mention me with **agenda** to see the agenda.")).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} bound to group chat {ConversationId}")]
    private static partial void LogBound(ILogger logger, string conferenceId, string conversationId);
}

/// <summary>Remembers every group chat the bot is added to, so binding one is a single command.</summary>
internal sealed class GroupChatInstallHandler(IGroupChatStore groupChats, TimeProvider time) : IConversationEventHandler
{
    public async Task OnConversationEventAsync(TurnContext turn, ConversationEvent conversationEvent)
    {
        if (conversationEvent.Kind != ConversationEventKind.BotInstalled
            || !string.Equals(turn.Activity.Conversation?.ConversationType, ConversationTypes.GroupChat, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await groupChats.RememberInstalledAsync(turn.ConversationId, turn.Activity.ServiceUrl!, time.GetUtcNow(), turn.CancellationToken).ConfigureAwait(false);
        var binding = turn.HasConference ? await groupChats.GetBindingAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false) : null;
        if (binding is null || binding.ConversationId != turn.ConversationId)
        {
            await turn.SendTextAsync(turn.T(
                "Ban Tổ chức: nhắc tên tôi kèm **gắn hội nghị** để dùng nhóm chat này cho hội nghị.",
                "Organizers: mention me with **bind conference** to use this chat for the conference.")).ConfigureAwait(false);
        }
    }
}

/// <summary>"tạo nhóm chat": creates the conference group chat through Graph with the confirmed delegates and organizers.</summary>
internal sealed partial class CreateGroupChatCommand(
    IGroupChatCreator creator,
    IConfirmedDelegates confirmedDelegates,
    ConferenceRoles roles,
    IGroupChatStore groupChats,
    TimeProvider time,
    ILogger<CreateGroupChatCommand> logger) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "create-group-chat", ["tạo nhóm chat", "tạo nhóm"], ["create group chat"], CommandScope.Personal, OrganizerOnly: true,
        "Tạo nhóm chat hội nghị với các đại biểu đã xác nhận", "Create the conference group chat with the confirmed delegates");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        if (!creator.IsAvailable)
        {
            await turn.SendTextAsync(turn.T(
                "Tạo nhóm chat cần kết nối Microsoft Graph, nhưng bot đang chạy ở chế độ cục bộ (chưa cấu hình ứng dụng). Hãy thêm bot vào một nhóm chat có sẵn rồi nhắc tên bot kèm **gắn hội nghị** trong nhóm đó.",
                "Creating a chat needs Microsoft Graph, and the bot runs in local mode (no app registration). Add the bot to an existing group chat and mention it with **bind conference** there.")).ConfigureAwait(false);
            return;
        }

        var delegates = await confirmedDelegates.GetAadObjectIdsAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var organizers = (await roles.ListAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false))
            .Where(m => m.Roles.HasFlag(ConferenceRole.Organizer)).Select(m => m.AadObjectId);
        var members = delegates.Concat(organizers).Append(turn.UserAadObjectId ?? "")
            .Where(id => Guid.TryParse(id, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (members.Count < 2)
        {
            await turn.SendTextAsync(turn.T(
                "Chưa có đại biểu nào xác nhận tham dự nên chưa thể tạo nhóm chat. Hãy thử lại khi đã có đại biểu xác nhận.",
                "No delegate has confirmed yet, so there is nobody to add. Try again once delegates have confirmed.")).ConfigureAwait(false);
            return;
        }

        if (members.Count > GraphGroupChatCreator.MaxMembers)
        {
            await turn.SendTextAsync(turn.T(
                $"Có {members.Count} người, vượt quá giới hạn {GraphGroupChatCreator.MaxMembers} thành viên của một nhóm chat Teams. Hãy dùng một nhóm (Team) thay thế.",
                $"That is {members.Count} people, more than the {GraphGroupChatCreator.MaxMembers} a Teams group chat allows. Use a team instead.")).ConfigureAwait(false);
            return;
        }

        CreatedGroupChat chat;
        try
        {
            chat = await creator.CreateAsync(turn.Conference.ShortName.Vi, members, turn.CancellationToken).ConfigureAwait(false);
        }
        catch (GroupChatCreationException ex)
        {
            LogCreateFailed(logger, ex);
            if (ex.CreatedChatId is not null)
            {
                // The chat exists (its members see it) but without the bot: creating another would only add a duplicate.
                await turn.SendTextAsync(turn.T(
                    $"Đã tạo nhóm chat **{turn.Conference.ShortName.Vi}** nhưng Microsoft Graph không cho cài bot vào nhóm (kiểm tra quyền TeamsAppInstallation.ReadWriteForChat.All và chính sách ứng dụng Teams). Đừng tạo lại nhóm mới: hãy thêm bot vào nhóm chat vừa tạo rồi nhắc tên bot kèm **gắn hội nghị** trong nhóm đó.",
                    $"The group chat **{turn.Conference.ShortName.En}** was created, but Microsoft Graph did not let the bot be installed in it (check TeamsAppInstallation.ReadWriteForChat.All and the Teams app policy). Do not create another: add the bot to that chat and mention it with **bind conference** there.")).ConfigureAwait(false);
                return;
            }

            await turn.SendTextAsync(turn.T(
                "Không tạo được nhóm chat qua Microsoft Graph. Hãy kiểm tra quyền của ứng dụng (Chat.Create, TeamsAppInstallation.ReadWriteForChat.All) hoặc thêm bot vào một nhóm chat có sẵn rồi **gắn hội nghị**.",
                "Microsoft Graph could not create the chat. Check the app's permissions (Chat.Create, TeamsAppInstallation.ReadWriteForChat.All), or add the bot to an existing chat and **bind conference**.")).ConfigureAwait(false);
            return;
        }

        // The chat lives in the same tenant and region as this conversation, so the same connector URL serves it.
        await groupChats.BindAsync(new GroupChatBinding(turn.Conference.Id, chat.ChatId, turn.Activity.ServiceUrl!, turn.UserAadObjectId, time.GetUtcNow()), turn.CancellationToken).ConfigureAwait(false);
        LogCreated(logger, chat.ChatId, members.Count);
        await turn.SendTextAsync(turn.T(
            $"Đã tạo nhóm chat **{turn.Conference.ShortName.Vi}** với {members.Count} thành viên, cài bot và gắn với hội nghị.",
            $"Created the group chat **{turn.Conference.ShortName.En}** with {members.Count} members, installed the bot and bound it to the conference.")).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group chat creation failed")]
    private static partial void LogCreateFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created group chat {ChatId} with {Count} members")]
    private static partial void LogCreated(ILogger logger, string chatId, int count);
}
