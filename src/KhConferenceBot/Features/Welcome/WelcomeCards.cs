using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Welcome;

/// <summary>The first thing a delegate sees, and the list of commands.</summary>
public static class WelcomeCards
{
    public const string HelpVerb = "welcome.help";
    public const string LanguageVerb = "welcome.language";

    /// <param name="conference">The person's conference; null for someone in none yet (the card then introduces the bot only).</param>
    public static JsonElement Welcome(Conference? conference, Language language, string? userName)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var greeting = string.IsNullOrWhiteSpace(userName)
            ? T("Xin chào!", "Hello!")
            : T($"Xin chào {CardText.Plain(userName)}!", $"Hello {CardText.Plain(userName)}!");

        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(greeting) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            },
        };
        if (conference is null)
        {
            card.Body.Add(new TextBlock(T("Tôi là trợ lý hội nghị của tỉnh Khánh Hòa.", "I am the Khánh Hòa provincial conference assistant.")) { IsSubtle = true, Spacing = Spacing.Small });
        }
        else
        {
            card.Body.Add(new TextBlock(T("Tôi là trợ lý của", "I am the assistant for")) { IsSubtle = true, Spacing = Spacing.Small });
            card.Body.Add(new TextBlock(conference.Title.Get(language)) { Weight = TextWeight.Bolder, Color = TextColor.Accent });
            card.Body.Add(ConferenceFacts(conference, language));
        }

        foreach (var element in new CardElement[]
            {
                new TextBlock(T("Tôi giúp Quý đại biểu:", "I can help you:")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
                new TextBlock(T(
                    "- Nhận giấy mời và xác nhận tham dự, báo vắng hoặc cử người dự thay\n- Gửi câu hỏi, ý kiến thảo luận theo từng chỉ số (PAR-Index, SIPAS, PCI, PAPI)\n- Xem chương trình hội nghị và nhận thông báo khi lịch thay đổi\n- Nhận nhắc lịch trước ngày họp và trong ngày họp",
                    "- Receive your invitation and confirm, decline or send a substitute\n- Send discussion questions on each index (PAR-Index, SIPAS, PCI, PAPI)\n- See the agenda and hear when the schedule changes\n- Get reminders before and during the conference")),
                new TextBlock(T("Gõ **trợ giúp** bất cứ lúc nào để xem các lệnh.", "Type **help** at any time to see the commands.")) { IsSubtle = true, Spacing = Spacing.Medium },
            })
        {
            card.Body.Add(element);
        }

        card.Actions.Add(new ExecuteAction(T("Xem các lệnh", "See the commands"), HelpVerb));
        card.Actions.Add(LanguageSwitch(language));
        return card.ToJsonElement();
    }

    public static JsonElement Help(Conference? conference, Language language, IEnumerable<CommandDescriptor> commands, bool isOrganizer, bool isPersonal)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var scope = isPersonal ? CommandScope.Personal : CommandScope.Group;
        var visible = commands.Where(c => (c.Scope & scope) != 0 && (isOrganizer || !c.OrganizerOnly)).ToList();

        var body = new List<CardElement>
        {
            new TextBlock(T("Các lệnh", "Commands")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
        };
        if (conference is not null)
        {
            body.Add(new TextBlock(conference.ShortName.Get(language)) { IsSubtle = true, Spacing = Spacing.None });
        }

        body.Add(CommandList(visible.Where(c => !c.OrganizerOnly), language));
        if (isOrganizer && visible.Any(c => c.OrganizerOnly))
        {
            body.Add(new TextBlock(T("Dành cho Ban Tổ chức", "For organizers")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.Add(CommandList(visible.Where(c => c.OrganizerOnly), language));
        }

        // Organizers read help in their personal chat first; the commands that work only in the group chat must be found there too.
        var groupOnly = isPersonal && isOrganizer ? commands.Where(c => c.OrganizerOnly && c.Scope == CommandScope.Group).ToList() : [];
        if (groupOnly.Count > 0)
        {
            body.Add(new TextBlock(T("Dùng trong nhóm chat hội nghị (nhắc tên @bot trước lệnh)", "In the conference group chat (@mention the bot first)")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.Add(CommandList(groupOnly, language));
        }

        body.Add(new TextBlock(isPersonal
            ? T("Có thể gõ không dấu, ví dụ: tro giup.", "Commands work in Vietnamese or English.")
            : T("Trong nhóm chat, hãy nhắc tên (@) bot trước lệnh.", "In the group chat, @mention the bot before the command."))
        { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Medium });

        var card = new AdaptiveCard { Lang = language.Code(), Body = body };
        if (isPersonal)
        {
            card.Actions.Add(LanguageSwitch(language));
        }

        return card.ToJsonElement();
    }

    private static FactSet ConferenceFacts(Conference conference, Language language)
    {
        var facts = new FactSet
        {
            Facts =
            {
                new Fact(language.Pick("Thời gian", "When"), $"{AgendaTime.Format(TimeOnly.FromTimeSpan(conference.Agenda.Count > 0 ? conference.Agenda.Min(a => a.Start).ToTimeSpan() : TimeSpan.FromHours(8)))}, {conference.FormatDayOfWeekDate(language)}"),
                new Fact(language.Pick("Địa điểm", "Where"), conference.Venue.Get(language)),
            },
        };
        if (conference.Chair is { } chair)
        {
            facts.Facts.Add(new Fact(language.Pick("Chủ trì", "Chair"), chair.Get(language)));
        }

        return facts;
    }

    private static Container CommandList(IEnumerable<CommandDescriptor> commands, Language language) => new()
    {
        Items =
        {
            new FactSet { Facts = commands.Select(c => new Fact(c.Title(language), c.Help(language))).ToList() },
        },
    };

    private static ExecuteAction LanguageSwitch(Language current) => current == Language.Vi
        ? new ExecuteAction("English", LanguageVerb, new { language = "en" })
        : new ExecuteAction("Tiếng Việt", LanguageVerb, new { language = "vi" });
}
