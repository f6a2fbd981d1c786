using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Bot;

/// <summary>
/// «hội nghị»: lists the conferences a person is in and switches the one their personal chat works on. The router sends
/// the same card, once, when a person in several conferences asks for something before choosing.
/// </summary>
public sealed class ConferenceChoiceCommand(ConferenceResolver resolver, IUserPreferenceStore preferences) : IBotCommand, ICardActionHandler
{
    public const string ChooseVerb = "conference.choose";

    public CommandDescriptor Descriptor { get; } = new(
        "conference", ["hội nghị", "chọn hội nghị"], ["conference", "conferences"], CommandScope.Personal, OrganizerOnly: false,
        "Xem và chuyển hội nghị đang làm việc", "See and switch the conference you are working on")
    {
        NeedsConference = false,
    };

    public string VerbPrefix => "conference.";

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var mine = await resolver.ConferencesOfAsync(turn.UserAadObjectId, turn.CancellationToken).ConfigureAwait(false);
        if (mine.Count == 0)
        {
            await turn.SendTextAsync(NoConference(turn)).ConfigureAwait(false);
            return;
        }

        // «hội nghị 2» or «hội nghị nha-trang-2026» switches at once; the id is checked against the person's own list.
        var picked = int.TryParse(argument, out var number) && number >= 1 && number <= mine.Count
            ? mine[number - 1]
            : mine.FirstOrDefault(c => string.Equals(c.Id, argument.Trim(), StringComparison.OrdinalIgnoreCase));
        if (picked is not null)
        {
            await preferences.SetConferenceAsync(turn.UserKey, picked.Id, turn.CancellationToken).ConfigureAwait(false);
            await turn.SendTextAsync(Switched(turn, picked)).ConfigureAwait(false);
            return;
        }

        await turn.SendCardAsync(Card(mine, turn.HasConference ? turn.Conference.Id : null, turn.Language), turn.T("Chọn hội nghị", "Choose a conference")).ConfigureAwait(false);
    }

    /// <summary>A press on the chooser: the router has already checked that the person is in the conference the button names.</summary>
    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (action?.Verb != ChooseVerb)
        {
            return CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }

        await preferences.SetConferenceAsync(turn.UserKey, turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        return CardActionResult.Say(Switched(turn, turn.Conference));
    }

    public static string NoConference(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.T(
            "Anh/chị chưa có hội nghị nào đang diễn ra (chưa được mời hoặc chưa tham gia tổ chức). Gõ **trợ giúp** để xem các lệnh.",
            "You are not in any current conference (not invited, not organizing). Type **help** to see the commands.");
    }

    public static JsonElement Card(IReadOnlyList<Conference> conferences, string? currentId, Language language)
    {
        ArgumentNullException.ThrowIfNull(conferences);
        string T(string vi, string en) => language.Pick(vi, en);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Chọn hội nghị", "Choose a conference")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(T(
                    "Anh/chị tham gia nhiều hội nghị. Chọn hội nghị để làm việc; tôi sẽ nhớ lựa chọn này (gõ **hội nghị** để đổi).",
                    "You are in several conferences. Choose the one to work on; I will remember it (type **conference** to change).")) { Wrap = true, IsSubtle = true },
            },
        };
        foreach (var (conference, index) in conferences.Select((c, i) => (c, i + 1)))
        {
            var current = conference.Id == currentId;
            card.Body.Add(new ColumnSet
            {
                Columns =
                {
                    new Column(ColumnWidth.Stretch)
                    {
                        Items =
                        {
                            new TextBlock($"{index}. {conference.ShortName.Get(language)}{(current ? T(" (đang chọn)", " (current)") : "")}") { Weight = TextWeight.Bolder, Wrap = true },
                            new TextBlock($"{conference.FormatDate(language)} · {ConferenceLifecycle.Name(conference.State).Get(language)}") { IsSubtle = true, Spacing = Spacing.None, Wrap = true },
                        },
                    },
                    new Column(ColumnWidth.Auto)
                    {
                        Items = { new ActionSet { Actions = { new ExecuteAction(T("Chọn", "Choose"), ChooseVerb, new Dictionary<string, string> { [ConferenceCards.DataKey] = conference.Id }) } } },
                    },
                },
            });
        }

        return card.ToJsonElement();
    }

    private static string Switched(TurnContext turn, Conference conference) => turn.T(
        $"Đã chuyển sang **{conference.ShortName.Vi}** ({conference.FormatDate(Language.Vi)}). Các lệnh trong trò chuyện riêng từ nay áp dụng cho hội nghị này.",
        $"Switched to **{conference.ShortName.Get(Language.En)}** ({conference.FormatDate(Language.En)}). Commands in this chat now apply to it.");
}
