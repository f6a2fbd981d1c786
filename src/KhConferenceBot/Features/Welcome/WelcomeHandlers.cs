using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Features.Welcome;

/// <summary>Welcome card on install in a personal chat; a short introduction when added to a group chat.</summary>
internal sealed class WelcomeOnInstall(IDelegateStore delegates) : IConversationEventHandler
{
    /// <summary>The turn's conference for the welcome and help cards, which also serve people in none.</summary>
    internal static Conference? Current(TurnContext turn) => turn.HasConference ? turn.Conference : null;

    public async Task OnConversationEventAsync(TurnContext turn, ConversationEvent conversationEvent)
    {
        if (conversationEvent.Kind != ConversationEventKind.BotInstalled)
        {
            return;
        }

        if (turn.IsPersonal)
        {
            // Teams' install event carries no display name; the delegate list knows how the person is addressed.
            var known = turn.UserAadObjectId is { } aad && turn.HasConference
                ? await delegates.FindByAadObjectIdAsync(turn.Conference.Id, aad, turn.CancellationToken).ConfigureAwait(false)
                : null;
            var user = conversationEvent.Members.FirstOrDefault(m => m.Id != turn.Activity.Recipient?.Id);
            var name = known?.Name ?? (string.IsNullOrWhiteSpace(user?.Name) ? turn.UserName : user.Name);
            await turn.SendCardAsync(WelcomeCards.Welcome(Current(turn), turn.Language, name),
                turn.T("Chào mừng đến với trợ lý hội nghị", "Welcome to the conference assistant")).ConfigureAwait(false);
            return;
        }

        var intro = new AdaptiveCard
        {
            Lang = turn.Language.Code(),
            Body =
            {
                new TextBlock(turn.T("Xin chào các đại biểu!", "Hello, delegates!")) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
                new TextBlock(turn.HasConference
                    ? turn.T(
                        $"Tôi là trợ lý của {turn.Conference.ShortName.Vi}. Nhắc tên tôi kèm **chương trình** để xem chương trình hội nghị, hoặc **trợ giúp** để xem các lệnh.",
                        $"I am the assistant for the {turn.Conference.ShortName.Get(Language.En)}. Mention me with **agenda** to see the agenda, or **help** for the commands.")
                    : turn.T(
                        "Tôi là trợ lý hội nghị. Nhắc tên tôi kèm **trợ giúp** để xem các lệnh.",
                        "I am the conference assistant. Mention me with **help** for the commands.")),
            },
        };
        await turn.SendCardAsync(intro.ToJsonElement()).ConfigureAwait(false);
    }
}

internal sealed class HelpCommand(IServiceProvider services) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "help", ["trợ giúp", "giúp", "hướng dẫn"], ["help", "?"], CommandScope.Any, OrganizerOnly: false,
        "Xem các lệnh", "Show the commands")
    {
        NeedsConference = false,
    };

    public Task ExecuteAsync(TurnContext turn, string argument) => Send(turn, services);

    internal static Task Send(TurnContext turn, IServiceProvider services)
    {
        // Resolved late: the catalog holds every command, this one included.
        var catalog = services.GetRequiredService<CommandCatalog>();
        var card = WelcomeCards.Help(WelcomeOnInstall.Current(turn), turn.Language, catalog.Commands.Select(c => c.Descriptor), turn.IsOrganizer, turn.IsPersonal);
        return turn.SendCardAsync(card, turn.T("Các lệnh", "Commands"));
    }
}

internal sealed class SwitchToEnglishCommand(IUserPreferenceStore preferences) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "english", ["tiếng anh"], ["english"], CommandScope.Personal, OrganizerOnly: false,
        "Chuyển sang tiếng Anh", "Switch to English")
    {
        NeedsConference = false,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        await preferences.SetLanguageAsync(turn.UserKey, Language.En, turn.CancellationToken).ConfigureAwait(false);
        turn.Language = Language.En;
        await turn.SendTextAsync("I will speak English with you from now on. Type **tiếng việt** to switch back.").ConfigureAwait(false);
    }
}

internal sealed class SwitchToVietnameseCommand(IUserPreferenceStore preferences) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "vietnamese", ["tiếng việt"], ["vietnamese"], CommandScope.Personal, OrganizerOnly: false,
        "Chuyển sang tiếng Việt", "Switch to Vietnamese")
    {
        NeedsConference = false,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        await preferences.SetLanguageAsync(turn.UserKey, Language.Vi, turn.CancellationToken).ConfigureAwait(false);
        turn.Language = Language.Vi;
        await turn.SendTextAsync("Từ nay tôi sẽ trả lời bằng tiếng Việt. Gõ **english** để chuyển sang tiếng Anh.").ConfigureAwait(false);
    }
}

/// <summary>The buttons on the welcome and help cards.</summary>
internal sealed class WelcomeCardActions(IUserPreferenceStore preferences, IServiceProvider services) : ICardActionHandler
{
    public string VerbPrefix => "welcome.";

    public bool NeedsConference => false;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        switch (action.Verb)
        {
            case WelcomeCards.HelpVerb:
                var catalog = services.GetRequiredService<CommandCatalog>();
                return CardActionResult.ReplaceCard(WelcomeCards.Help(WelcomeOnInstall.Current(turn), turn.Language, catalog.Commands.Select(c => c.Descriptor), turn.IsOrganizer, turn.IsPersonal));
            case WelcomeCards.LanguageVerb when LanguageExtensions.Parse(action.GetString("language")) is { } language:
                await preferences.SetLanguageAsync(turn.UserKey, language, turn.CancellationToken).ConfigureAwait(false);
                turn.Language = language;
                return CardActionResult.ReplaceCard(WelcomeCards.Welcome(WelcomeOnInstall.Current(turn), language, turn.UserName));
            default:
                return CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }
    }
}
