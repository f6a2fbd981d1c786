using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.EndToEnd.Browser;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Features.Welcome;
using KhConferenceBot.Testing;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd;

/// <summary>
/// Every kind of card the bot sends, parsed and rendered by the official Adaptive Cards renderer (npm adaptivecards)
/// in headless chromium at a phone's width: no parse warnings, nothing wider than the screen, Vietnamese intact.
/// Screenshots go to the test artifacts (screenshots/cards).
/// </summary>
public sealed class CardRenderingTests : IAsyncLifetime
{
    private const int PhoneWidth = 360;
    private static readonly DateTimeOffset DuringOpening = new(2026, 12, 1, 1, 7, 0, TimeSpan.Zero); // 08h07 in Viet Nam

    private HeadlessChromium _browser = null!;
    private IPage _page = null!;

    public static TheoryData<string> CardNames() => new(Cards().Keys);

    public async Task InitializeAsync()
    {
        // Nothing but the page itself: the renderer script is loaded from the npm package on disk.
        _browser = await HeadlessChromium.LaunchAsync(PhoneWidth, 800);
        _page = _browser.Page;
        await _page.SetContentAsync($"<html><body style=\"margin:0;font-family:sans-serif\"><div id=\"card\" style=\"width:{PhoneWidth}px\"></div></body></html>");
        await _page.AddScriptTagAsync(new() { Path = Path.Combine(TestPaths.RepoRoot, "tools", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js") });
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Theory]
    [MemberData(nameof(CardNames))]
    public async Task Render_BotCard_ParsesWithoutWarningsAndFitsAPhone(string name)
    {
        var json = Cards()[name].GetRawText();

        var result = await _page.EvaluateAsync<JsonElement>(@"(json) => {
            const card = new AdaptiveCards.AdaptiveCard();
            const context = new AdaptiveCards.SerializationContext();
            card.parse(JSON.parse(json), context);
            const events = [];
            for (let i = 0; i < context.eventCount; i++) { events.push(context.getEventAt(i).message); }
            const host = document.getElementById('card');
            host.innerHTML = '';
            const element = card.render();
            host.appendChild(element);
            const cut = [...element.querySelectorAll('*')]
                .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth)
                .map(e => e.innerText);
            return { events, width: element.scrollWidth, text: element.innerText, cut };
        }", json);

        var events = result.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(events.Count == 0, $"{name}: {string.Join("; ", events)}");
        Assert.True(result.GetProperty("width").GetInt32() <= PhoneWidth, $"{name} is {result.GetProperty("width").GetInt32()} px wide");
        var cut = result.GetProperty("cut").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(cut.Count == 0, $"{name} cuts on a phone: {string.Join("; ", cut)}");
        if (!name.EndsWith("-english", StringComparison.Ordinal))
        {
            Assert.Matches("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", result.GetProperty("text").GetString()!.ToLowerInvariant());
        }
        var folder = Path.Combine(TestPaths.ArtifactsDirectory("screenshots"), "cards");
        Directory.CreateDirectory(folder);
        await _page.Locator("#card").ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }

    /// <summary>
    /// The colours the renderer really paints, read back from the page: each text's colour against the nearest painted
    /// background (rgba blended the way the browser does), WCAG 2.1's 4.5:1 for text below 24 px.
    /// </summary>
    [Theory]
    [InlineData("agenda-change-preview")]
    [InlineData("agenda-during-opening")]
    public async Task Render_AgendaCard_EveryTextMeetsWcagContrast(string name)
    {
        var unreadable = await _page.EvaluateAsync<string[]>(@"(json) => {
            const card = new AdaptiveCards.AdaptiveCard();
            card.parse(JSON.parse(json));
            const host = document.getElementById('card');
            host.innerHTML = '';
            host.appendChild(card.render());
            const rgba = (text) => { const m = text.match(/[\d.]+/g).map(Number); return { r: m[0] / 255, g: m[1] / 255, b: m[2] / 255, a: m.length > 3 ? m[3] : 1 }; };
            const over = (top, under) => ({ r: top.a * top.r + (1 - top.a) * under.r, g: top.a * top.g + (1 - top.a) * under.g, b: top.a * top.b + (1 - top.a) * under.b, a: 1 });
            const background = (element) => {
                const layers = [];
                for (let e = element; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c.a > 0) { layers.push(c); } }
                return layers.reverse().reduce((under, top) => over(top, under), { r: 1, g: 1, b: 1, a: 1 });
            };
            const linear = (v) => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            const luminance = (c) => 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
            const failures = [];
            for (const element of host.querySelectorAll('*')) {
                const own = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(' ').trim();
                if (!own) { continue; }
                const style = getComputedStyle(element);
                const back = background(element);
                const fore = over(rgba(style.color), back);
                const [l1, l2] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
                const ratio = (l1 + 0.05) / (l2 + 0.05);
                if (ratio < (parseFloat(style.fontSize) >= 24 ? 3 : 4.5)) { failures.push(`${own} ${style.color} on ${style.backgroundColor}: ${ratio.toFixed(2)}`); }
            }
            return failures;
        }", Cards()[name].GetRawText());

        Assert.True(unreadable.Length == 0, string.Join("; ", unreadable));
    }

    private static Dictionary<string, JsonElement> Cards()
    {
        var conference = SampleConference();
        var vi = Language.Vi;
        var hung = new ConferenceDelegate { Id = "hung.nguyen@khanhhoa.example", Name = "Nguyễn Văn Hùng", Position = "Phó Giám đốc", Organisation = "Sở Kế hoạch và Đầu tư", GroupId = "so-nganh", Category = DelegateCategory.Summoned, Email = "hung.nguyen@khanhhoa.example" };
        var tuan = hung with { Id = "tuan.pham@khanhhoa.example", Name = "Phạm Minh Tuấn", Position = "Phó Chủ tịch", Organisation = "VCCI Khánh Hòa", GroupId = "vcci", Category = DelegateCategory.Invited };
        var thuHa = hung with { Id = "thuha.le@khanhhoa.example", Name = "Lê Thị Thu Hà", GroupId = "huyen", District = "Thị xã Ninh Hòa", Organisation = "UBND thị xã Ninh Hòa" };
        var calendar = new Uri("http://127.0.0.1:3978/conferences/khanh-hoa-2023/calendar.ics");
        var now = new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
        var attended = new RsvpRecord { ConferenceId = conference.Id, DelegateId = hung.Id, Answer = RsvpAnswer.Attend, AnsweredAt = now };
        var author = new QuestionAuthor("00000000-0000-0000-0000-0000000000a1", "Nguyễn Văn Hùng", "Sở Kế hoạch và Đầu tư", ShowName: true);
        var questions = new List<Question>
        {
            new() { Number = 1, Topic = QuestionTopic.Pci, Text = "Giải pháp nào để cải thiện chỉ số Chi phí không chính thức trong PCI năm 2023?", Author = author, State = QuestionState.Approved, Votes = 2, CreatedAt = now, UpdatedAt = now },
            new() { Number = 2, Topic = QuestionTopic.Papi, Text = "Làm thế nào để người dân tham gia nhiều hơn vào khảo sát PAPI ở cấp xã?", Author = author with { ShowName = false }, State = QuestionState.Pending, CreatedAt = now, UpdatedAt = now },
        };
        var deadline = conference.At(new TimeOnly(10, 45));

        return new Dictionary<string, JsonElement>
        {
            ["welcome"] = WelcomeCards.Welcome(conference, vi, "Nguyễn Văn Hùng"),
            ["help-organizer"] = WelcomeCards.Help(conference, vi, [new CommandDescriptor("help", ["trợ giúp"], ["help"], CommandScope.Any, false, "Xem các lệnh", "Show the commands"), new CommandDescriptor("send", ["gửi thư mời"], ["send invitations"], CommandScope.Personal, true, "Gửi giấy mời đến đại biểu", "Send the invitations")], isOrganizer: true, isPersonal: true),
            ["invitation-summoned"] = InvitationCards.Invitation(new InvitationView(conference, hung, vi, null, [], calendar, now)),
            ["invitation-invited"] = InvitationCards.Invitation(new InvitationView(conference, tuan, vi, null, [], calendar, now)),
            ["invitation-answered"] = InvitationCards.Invitation(new InvitationView(conference, hung, vi, attended, [], calendar, now)),
            ["invitation-district-registration"] = InvitationCards.Invitation(new InvitationView(conference, thuHa, vi, null, [], calendar, now)),
            ["agenda-during-opening"] = AgendaCard.Render(conference, vi, AgendaSnapshot.At(conference, DuringOpening)),
            ["agenda-english"] = AgendaCard.Render(conference, Language.En, AgendaSnapshot.At(conference, DuringOpening)),
            ["agenda-change-preview"] = AgendaCard.Render(conference, vi, AgendaSnapshot.At(conference, DuringOpening), [new ChangedRow("directions", "08h20 - 08h35", WasCancelled: false)], "Xem trước thay đổi"),
            ["schedule-change-form"] = ScheduleChangeCards.Form(conference, vi, "etag"),
            ["question-form"] = QuestionCards.Form(conference, vi, deadline),
            ["question-mine"] = QuestionCards.Mine(conference, vi, questions, open: true, deadline),
            ["question-board"] = QuestionCards.Board(conference, vi, questions, new QuestionCards.BoardView(0, ByVotes: true), 10, []),
            ["question-group-post"] = QuestionCards.GroupPost(conference, vi, [questions[0]], new HashSet<int> { 1 }, ["29:user-a1"]),
        };
    }

    private static Conference SampleConference()
    {
        var conference = KhConferenceBot.Tests.Infrastructure.SampleConference.Load();
        conference.Date = new DateOnly(2026, 12, 1);
        return conference;
    }
}
