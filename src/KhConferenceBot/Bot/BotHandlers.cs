using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Bot;

[Flags]
public enum CommandScope
{
    Personal = 1,
    Group = 2,
    Any = Personal | Group,
}

/// <summary>
/// What a command is called and where it works. <see cref="Words"/> holds every spelling the bot accepts, Vietnamese first;
/// the first Vietnamese and the first English word are the ones shown in help.
/// </summary>
public sealed record CommandDescriptor(
    string Id,
    IReadOnlyList<string> ViWords,
    IReadOnlyList<string> EnWords,
    CommandScope Scope,
    bool OrganizerOnly,
    string HelpVi,
    string HelpEn)
{
    /// <summary>
    /// The answer shows delegates' personal data (names, addresses, delivery failures): asked in a group, it goes to the
    /// asker's personal chat and the group only reads that it was sent there.
    /// </summary>
    public bool AnswersPrivately { get; init; }

    /// <summary>
    /// The command works on the turn's conference (most do). False for the few that need none (help, language, choosing
    /// or creating a conference): the router then runs them even when the user has no conference yet.
    /// </summary>
    public bool NeedsConference { get; init; } = true;

    public string Title(Language language) => language == Language.En ? EnWords[0] : ViWords[0];

    public string Help(Language language) => language.Pick(HelpVi, HelpEn);
}

/// <summary>A text command ("trợ giúp", "chương trình", ...). One class per command, registered with DI.</summary>
public interface IBotCommand
{
    CommandDescriptor Descriptor { get; }

    /// <param name="argument">What followed the command words, trimmed (may be empty).</param>
    Task ExecuteAsync(TurnContext turn, string argument);
}

/// <summary>Handles card buttons whose verb starts with <see cref="VerbPrefix"/> ("rsvp.", "question.", ...).</summary>
public interface ICardActionHandler
{
    string VerbPrefix { get; }

    /// <summary>The buttons act on the card's conference (most do); false for the few that need none (welcome, help, language).</summary>
    bool NeedsConference => true;

    Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action);
}

/// <summary>Reacts to the bot being installed or removed, and to members joining or leaving.</summary>
public interface IConversationEventHandler
{
    Task OnConversationEventAsync(TurnContext turn, ConversationEvent conversationEvent);
}

public enum ConversationEventKind
{
    BotInstalled,
    BotRemoved,
    MembersAdded,
    MembersRemoved,
}

public sealed record ConversationEvent(ConversationEventKind Kind, IReadOnlyList<Teams.Schema.ChannelAccount> Members);

/// <summary>
/// The outcome of a card action: a card that replaces the clicked one for this user, a short message, or a refusal.
/// The router turns it into an invoke response (Action.Execute) or a message/update (Action.Submit fallback).
/// </summary>
public sealed record CardActionResult
{
    public JsonElement? Card { get; init; }

    public string? Message { get; init; }

    public int? ErrorStatus { get; init; }

    public string? ErrorCode { get; init; }

    public static CardActionResult ReplaceCard(JsonElement card) => new() { Card = card };

    public static CardActionResult Say(string message) => new() { Message = message };

    /// <summary>A refusal the user reads (Vietnamese or English as the turn speaks); nothing was changed.</summary>
    public static CardActionResult Refuse(string message, string code = "refused", int status = 400) =>
        new() { Message = message, ErrorStatus = status, ErrorCode = code };

    /// <summary>Refuses an organizer card (it shows delegates' personal data) pressed anywhere but a personal chat.</summary>
    public static CardActionResult PersonalChatOnly(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return Refuse(turn.T(
            "Thao tác này chỉ dùng trong trò chuyện riêng với bot, vì kết quả có thông tin cá nhân của đại biểu.",
            "This works only in your personal chat with the bot: the result shows delegates' personal data."), "personalChatOnly", 403);
    }
}
