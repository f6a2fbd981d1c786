using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Bot;

/// <summary>
/// Sends each authenticated activity to the feature that owns it: by activity type, invoke name, card verb or
/// command words. Features plug in through <see cref="IBotCommand"/>, <see cref="ICardActionHandler"/> and
/// <see cref="IConversationEventHandler"/>.
/// </summary>
public sealed partial class ActivityRouter(
    CommandCatalog commands,
    IEnumerable<ICardActionHandler> cardHandlers,
    IEnumerable<IConversationEventHandler> eventHandlers,
    IEnumerable<IFileMessageHandler> fileHandlers,
    CurrentConference currentConference,
    IUserPreferenceStore preferences,
    OrganizerDirectory organizers,
    IConnectorClient connector,
    IRecipientResolver personalChats,
    IOptions<ConferenceOptions> options,
    ILogger<ActivityRouter> logger)
{
    private readonly List<ICardActionHandler> _cardHandlers = cardHandlers.OrderByDescending(h => h.VerbPrefix.Length).ToList();
    private readonly List<IConversationEventHandler> _eventHandlers = eventHandlers.ToList();

    /// <summary>Handles one activity. Returns the invoke response for invokes, null for everything else.</summary>
    public async Task<InvokeResponse?> RouteAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var turn = await CreateTurnAsync(activity, cancellationToken).ConfigureAwait(false);

        if (activity.IsType(ActivityTypes.Invoke))
        {
            return await OnInvokeAsync(turn).ConfigureAwait(false);
        }

        if (activity.IsType(ActivityTypes.Message))
        {
            await OnMessageAsync(turn).ConfigureAwait(false);
        }
        else if (activity.IsType(ActivityTypes.ConversationUpdate))
        {
            await OnConversationUpdateAsync(turn).ConfigureAwait(false);
        }
        else if (activity.IsType(ActivityTypes.InstallationUpdate))
        {
            await OnInstallationUpdateAsync(turn).ConfigureAwait(false);
        }
        else
        {
            // Unknown and uninteresting types (typing, reactions, events) are acknowledged and ignored, as the spec asks.
            LogIgnored(logger, activity.Type ?? "");
        }

        return null;
    }

    private async Task<TurnContext> CreateTurnAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conference = await currentConference.GetAsync(cancellationToken).ConfigureAwait(false);
        var aad = activity.From?.AadObjectId;
        var userKey = aad ?? activity.From?.Id;
        Language? chosen = userKey is null ? null : await preferences.GetLanguageAsync(userKey, cancellationToken).ConfigureAwait(false);
        var language = chosen
            ?? (options.Value.UseClientLocale ? LanguageExtensions.Parse(activity.Locale?.Split('-')[0]) : null)
            ?? LanguageExtensions.Parse(options.Value.DefaultLanguage)
            ?? Language.Vi;
        return new TurnContext(activity, conference, language, organizers.IsOrganizer(aad), connector, cancellationToken);
    }

    private async Task<InvokeResponse> OnInvokeAsync(TurnContext turn)
    {
        if (!string.Equals(turn.Activity.Name, CardAction.InvokeName, StringComparison.Ordinal))
        {
            return InvokeResponse.NotImplemented;
        }

        var action = CardAction.TryRead(turn.Activity);
        if (action is null)
        {
            return AdaptiveCardInvokeResponse.Error(400, "badRequest", turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }

        var result = await RunCardActionAsync(turn, action).ConfigureAwait(false);
        if (result.ErrorStatus is { } status)
        {
            return AdaptiveCardInvokeResponse.Error(status, result.ErrorCode ?? "refused", result.Message ?? "");
        }

        if (result.Card is { } card)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }

        return AdaptiveCardInvokeResponse.Message(result.Message ?? turn.T("Đã ghi nhận.", "Done."));
    }

    private async Task<CardActionResult> RunCardActionAsync(TurnContext turn, CardAction action)
    {
        using var span = BotTracing.StartCardAction(action.Verb);
        var handler = _cardHandlers.FirstOrDefault(h => action.Verb.StartsWith(h.VerbPrefix, StringComparison.Ordinal));
        if (handler is null)
        {
            LogUnknownVerb(logger, action.Verb);
            return CardActionResult.Refuse(turn.T("Thẻ này đã cũ hoặc không còn dùng được. Gõ **trợ giúp** để xem các lệnh.",
                "This card is out of date. Type **help** to see what I can do."), "unknownAction");
        }

        return await handler.HandleAsync(turn, action).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(TurnContext turn)
    {
        // An Action.Submit (the fallback of Action.Execute on older clients) arrives as a message with a value.
        if (CardAction.TryRead(turn.Activity) is { } action)
        {
            var result = await RunCardActionAsync(turn, action).ConfigureAwait(false);
            if (result.Card is { } card && result.ErrorStatus is null && !string.IsNullOrEmpty(turn.Activity.ReplyToId))
            {
                await turn.UpdateAsync(turn.Activity.ReplyToId, Activity.CreateCard(card)).ConfigureAwait(false);
            }
            else if (result.Card is { } newCard && result.ErrorStatus is null)
            {
                await turn.SendCardAsync(newCard).ConfigureAwait(false);
            }
            else if (!string.IsNullOrEmpty(result.Message))
            {
                await turn.SendTextAsync(result.Message).ConfigureAwait(false);
            }

            return;
        }

        foreach (var fileHandler in fileHandlers)
        {
            if (await fileHandler.TryHandleAsync(turn).ConfigureAwait(false))
            {
                return;
            }
        }

        if (!turn.IsPersonal && !MentionsBot(turn.Activity))
        {
            // In group chats the bot speaks only when spoken to.
            return;
        }

        var text = CommandText.StripMentions(turn.Activity.Text);
        if (text.Length == 0)
        {
            await turn.SendTextAsync(Hint(turn)).ConfigureAwait(false);
            return;
        }

        var match = commands.Match(text);
        if (match is not { } found)
        {
            await turn.SendTextAsync(Hint(turn)).ConfigureAwait(false);
            return;
        }

        var descriptor = found.Command.Descriptor;
        var scope = turn.IsPersonal ? CommandScope.Personal : CommandScope.Group;
        if ((descriptor.Scope & scope) == 0)
        {
            await turn.SendTextAsync(turn.IsPersonal
                ? turn.T($"Lệnh **{descriptor.Title(turn.Language)}** chỉ dùng trong nhóm chat hội nghị.", $"**{descriptor.Title(turn.Language)}** works only in the conference group chat.")
                : turn.T($"Lệnh **{descriptor.Title(turn.Language)}** dùng trong trò chuyện riêng với bot.", $"**{descriptor.Title(turn.Language)}** works in a personal chat with the bot.")).ConfigureAwait(false);
            return;
        }

        if (descriptor.OrganizerOnly && !turn.IsOrganizer)
        {
            LogRefusedOrganizerCommand(logger, descriptor.Id);
            await turn.SendTextAsync(turn.T("Lệnh này chỉ dành cho Ban Tổ chức hội nghị.", "This command is for the conference organizers only.")).ConfigureAwait(false);
            return;
        }

        LogCommand(logger, descriptor.Id);
        if (descriptor.AnswersPrivately && !turn.IsPersonal)
        {
            await AnswerPrivatelyAsync(turn, found.Command, found.Argument).ConfigureAwait(false);
            return;
        }

        await found.Command.ExecuteAsync(turn, found.Argument).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command whose answer shows personal data in the asker's personal chat, and tells the group briefly where
    /// the answer went. Everyone in a conference group chat (the press included) would otherwise read it.
    /// </summary>
    private async Task AnswerPrivatelyAsync(TurnContext turn, IBotCommand command, string argument)
    {
        var title = command.Descriptor.Title(turn.Language);
        var chat = turn.UserAadObjectId is { Length: > 0 } aad
            ? await personalChats.ResolveAsync(aad, turn.Activity.TenantId, turn.CancellationToken).ConfigureAwait(false)
            : null;
        if (chat?.Reference is not { } reference)
        {
            LogNoPrivateChat(logger, command.Descriptor.Id, chat?.ErrorCode ?? "no object id");
            await turn.SendTextAsync(turn.T(
                $"Kết quả lệnh **{title}** có thông tin cá nhân của đại biểu nên không hiển thị trong nhóm, và tôi chưa mở được trò chuyện riêng với anh/chị. Vui lòng nhắn **{title}** trong trò chuyện riêng với bot.",
                $"The answer to **{title}** shows delegates' personal data, so it is not shown in the group, and I could not open a personal chat with you. Please send **{title}** in your personal chat with the bot.")).ConfigureAwait(false);
            return;
        }

        await command.ExecuteAsync(turn.InPrivateChat(reference), argument).ConfigureAwait(false);
        await turn.SendTextAsync(turn.T(
            $"Đã gửi kết quả **{title}** vào trò chuyện riêng của {Teams.Cards.CardText.Plain(turn.UserName)} với bot.",
            $"The answer to **{title}** was sent to {Teams.Cards.CardText.Plain(turn.UserName)}'s personal chat with the bot.")).ConfigureAwait(false);
    }

    private async Task OnConversationUpdateAsync(TurnContext turn)
    {
        var botId = turn.Activity.Recipient?.Id;
        var added = turn.Activity.MembersAdded ?? [];
        var removed = turn.Activity.MembersRemoved ?? [];

        if (added.Any(m => m.Id == botId))
        {
            await RaiseAsync(turn, new ConversationEvent(ConversationEventKind.BotInstalled, [.. added])).ConfigureAwait(false);
        }
        else if (added.Count > 0)
        {
            await RaiseAsync(turn, new ConversationEvent(ConversationEventKind.MembersAdded, [.. added])).ConfigureAwait(false);
        }

        if (removed.Any(m => m.Id == botId))
        {
            await RaiseAsync(turn, new ConversationEvent(ConversationEventKind.BotRemoved, [.. removed])).ConfigureAwait(false);
        }
        else if (removed.Count > 0)
        {
            await RaiseAsync(turn, new ConversationEvent(ConversationEventKind.MembersRemoved, [.. removed])).ConfigureAwait(false);
        }
    }

    private async Task OnInstallationUpdateAsync(TurnContext turn)
    {
        // Teams sends conversationUpdate(membersAdded: bot) with every install too; the welcome hangs off that one so it
        // is sent once. A removal only arrives here, so it is raised from here.
        var action = turn.Activity.Action ?? "";
        if (action.StartsWith("remove", StringComparison.OrdinalIgnoreCase))
        {
            await RaiseAsync(turn, new ConversationEvent(ConversationEventKind.BotRemoved, [])).ConfigureAwait(false);
        }
    }

    private async Task RaiseAsync(TurnContext turn, ConversationEvent conversationEvent)
    {
        foreach (var handler in _eventHandlers)
        {
            await handler.OnConversationEventAsync(turn, conversationEvent).ConfigureAwait(false);
        }
    }

    private static bool MentionsBot(Activity activity) =>
        activity.Entities?.Any(e => string.Equals(e.Type, Entity.MentionType, StringComparison.OrdinalIgnoreCase)
            && e.Mentioned?.Id is { } id && string.Equals(id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)) == true;

    private static string Hint(TurnContext turn) => turn.T(
        "Tôi chưa hiểu yêu cầu này. Gõ **trợ giúp** để xem các lệnh.",
        "I did not understand that. Type **help** to see the commands.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored activity of type {Type}")]
    private static partial void LogIgnored(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {CommandId}")]
    private static partial void LogCommand(ILogger logger, string commandId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organizer command {CommandId} refused to a non-organizer")]
    private static partial void LogRefusedOrganizerCommand(ILogger logger, string commandId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {CommandId} asked in a group: no personal chat to answer in ({Reason})")]
    private static partial void LogNoPrivateChat(ILogger logger, string commandId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "No handler for card verb {Verb}")]
    private static partial void LogUnknownVerb(ILogger logger, string verb);
}

/// <summary>Who may run organizer commands: the object ids in Conference:Organizers.</summary>
public sealed class OrganizerDirectory(IOptions<ConferenceOptions> options)
{
    private readonly HashSet<string> _organizers = new(options.Value.Organizers.Select(o => o.Trim()), StringComparer.OrdinalIgnoreCase);

    public bool IsOrganizer(string? aadObjectId) => aadObjectId is not null && _organizers.Contains(aadObjectId);

    public IReadOnlyCollection<string> ObjectIds => _organizers;
}
