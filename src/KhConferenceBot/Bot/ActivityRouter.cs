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
    ConferenceResolver conferences,
    IUserPreferenceStore preferences,
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
        var action = CardAction.TryRead(activity);
        var (turn, resolved) = await CreateTurnAsync(activity, action, cancellationToken).ConfigureAwait(false);

        if (activity.IsType(ActivityTypes.Invoke))
        {
            return await OnInvokeAsync(turn, action, resolved).ConfigureAwait(false);
        }

        if (activity.IsType(ActivityTypes.Message))
        {
            await OnMessageAsync(turn, action, resolved).ConfigureAwait(false);
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

    private async Task<(TurnContext Turn, TurnConference Resolved)> CreateTurnAsync(Activity activity, CardAction? action, CancellationToken cancellationToken)
    {
        var resolved = await conferences.ResolveAsync(activity, action, cancellationToken).ConfigureAwait(false);
        var aad = activity.From?.AadObjectId;
        var userKey = aad ?? activity.From?.Id;
        Language? chosen = userKey is null ? null : await preferences.GetLanguageAsync(userKey, cancellationToken).ConfigureAwait(false);
        var language = chosen
            ?? (options.Value.UseClientLocale ? LanguageExtensions.Parse(activity.Locale?.Split('-')[0]) : null)
            ?? LanguageExtensions.Parse(options.Value.DefaultLanguage)
            ?? Language.Vi;
        return (new TurnContext(activity, resolved.Conference, resolved.Roles, language, connector, cancellationToken), resolved);
    }

    private async Task<InvokeResponse> OnInvokeAsync(TurnContext turn, CardAction? action, TurnConference resolved)
    {
        if (!string.Equals(turn.Activity.Name, CardAction.InvokeName, StringComparison.Ordinal))
        {
            return InvokeResponse.NotImplemented;
        }

        if (action is null)
        {
            return AdaptiveCardInvokeResponse.Error(400, "badRequest", turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }

        var result = await RunCardActionAsync(turn, action, resolved).ConfigureAwait(false);
        if (result.ErrorStatus is { } status)
        {
            return AdaptiveCardInvokeResponse.Error(status, result.ErrorCode ?? "refused", result.Message ?? "");
        }

        if (result.Card is { } card)
        {
            return AdaptiveCardInvokeResponse.Card(turn.HasConference ? ConferenceCards.Stamp(card, turn.Conference.Id) : card);
        }

        return AdaptiveCardInvokeResponse.Message(result.Message ?? turn.T("Đã ghi nhận.", "Done."));
    }

    private async Task<CardActionResult> RunCardActionAsync(TurnContext turn, CardAction action, TurnConference resolved)
    {
        using var span = BotTracing.StartCardAction(action.Verb);
        if (resolved.Refused)
        {
            // The card names a conference the person is not in, or one that is not there: nothing of it may run.
            LogForeignConference(logger, action.Verb);
            return CardActionResult.Refuse(turn.T(
                "Thẻ này thuộc một hội nghị mà anh/chị không tham gia, nên không thực hiện được.",
                "This card belongs to a conference you are not part of, so it cannot be used."), "wrongConference", 403);
        }

        var handler = _cardHandlers.FirstOrDefault(h => action.Verb.StartsWith(h.VerbPrefix, StringComparison.Ordinal));
        if (handler is null)
        {
            LogUnknownVerb(logger, action.Verb);
            return CardActionResult.Refuse(turn.T("Thẻ này đã cũ hoặc không còn dùng được. Gõ **trợ giúp** để xem các lệnh.",
                "This card is out of date. Type **help** to see what I can do."), "unknownAction");
        }

        if (handler.NeedsConference && !turn.HasConference)
        {
            return CardActionResult.Refuse(resolved.Choices.Count > 0
                ? turn.T("Chưa rõ thẻ này thuộc hội nghị nào. Gõ **hội nghị** để chọn hội nghị rồi thử lại.", "It is not clear which conference this card is about. Type **conference** to choose one, then try again.")
                : ConferenceChoiceCommand.NoConference(turn), "noConference");
        }

        return await handler.HandleAsync(turn, action).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(TurnContext turn, CardAction? action, TurnConference resolved)
    {
        // An Action.Submit (the fallback of Action.Execute on older clients) arrives as a message with a value.
        if (action is not null)
        {
            var result = await RunCardActionAsync(turn, action, resolved).ConfigureAwait(false);
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

        if (descriptor.NeedsConference && !turn.HasConference)
        {
            await AskForConferenceAsync(turn, resolved).ConfigureAwait(false);
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

    /// <summary>A command that needs a conference, from someone in several who has not chosen (a chooser, once) or in none.</summary>
    private static async Task AskForConferenceAsync(TurnContext turn, TurnConference resolved)
    {
        if (resolved.Choices.Count > 0)
        {
            await turn.SendCardAsync(ConferenceChoiceCommand.Card(resolved.Choices, null, turn.Language), turn.T("Chọn hội nghị", "Choose a conference")).ConfigureAwait(false);
            return;
        }

        await turn.SendTextAsync(turn.IsPersonal
            ? ConferenceChoiceCommand.NoConference(turn)
            : turn.T("Nhóm chat này chưa được gắn với hội nghị nào. Ban Tổ chức gõ **@bot gắn hội nghị** để gắn.",
                "This group chat is not bound to a conference yet. An organizer can bind it with **@bot bind conference**.")).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card action {Verb} refused: its conference is not the sender's, or not there")]
    private static partial void LogForeignConference(ILogger logger, string verb);

    [LoggerMessage(Level = LogLevel.Information, Message = "No handler for card verb {Verb}")]
    private static partial void LogUnknownVerb(ILogger logger, string verb);
}
