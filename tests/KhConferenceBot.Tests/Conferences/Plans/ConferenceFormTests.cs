using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Tests.Delegates;

namespace KhConferenceBot.Tests.Plans;

public sealed class ConferenceFormTests
{
    private static ConferenceForm SeedForm() => ConferenceForm.FromDraft(PlanReader.ReadText(PlanBuilder.SeedText).Draft!);

    [Fact]
    public void FromDraft_Seed_EveryFieldTheSeedGivesAndOnlyTheDateAsked()
    {
        var form = SeedForm();

        Assert.Null(form.Date);
        Assert.Equal("4417/KH-UBND", form.PlanNumber);
        Assert.Equal(200, form.Capacity);
        Assert.Equal(9, form.Agenda.Count);
        Assert.Equal(("07h15", "08h00"), (form.Agenda[0].Start, form.Agenda[0].End));
        Assert.Contains(form.Groups, g => g.Category == "summoned" && g.LeadersPerLocality == 3);
        var issue = Assert.Single(form.Validate());
        Assert.Equal("date", issue.Field);
        Assert.Equal("Hãy nhập ngày tổ chức hội nghị.", issue.MessageVi);
    }

    [Fact]
    public void Validate_OverlappingItemsAndBadTimes_NamesEachRow()
    {
        var form = SeedForm() with
        {
            Date = new DateOnly(2026, 12, 1),
            Agenda =
            [
                new AgendaItemForm(null, "08h00", "09h00", "Khai mạc"),
                new AgendaItemForm(null, "08h30", "09h30", "Báo cáo"),
                new AgendaItemForm(null, "25h00", "26h00", "Sai giờ"),
                new AgendaItemForm(null, "11h00", "10h00", "Ngược giờ"),
                new AgendaItemForm(null, "12h00", "12h30", " "),
            ],
        };

        var fields = form.Validate().Select(i => i.Field).ToList();

        Assert.Equal(["agenda[2].start", "agenda[3].end", "agenda[4].content", "agenda[1].start"], fields);
        Assert.Contains(form.Validate(), i => i.MessageVi.Contains("trùng giờ với mục thứ 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PastDateBadZoneCategoryAndQuota_Refused()
    {
        var form = SeedForm() with
        {
            Date = new DateOnly(2026, 11, 29),
            TimeZone = "Mars/Olympus",
            Capacity = 0,
            AnswerDeadline = new DateTime(2026, 12, 5, 17, 0, 0),
            Groups = [new GroupForm(null, "Sở, ngành", "khách"), new GroupForm(null, "Sở, ngành", "invited", LeadersPerLocality: 0)],
        };

        var fields = form.Validate(today: new DateOnly(2026, 11, 30)).Select(i => i.Field).ToList();

        Assert.Equal(["date", "capacity", "timeZone", "answerDeadline", "groups[0].category", "groups[1].name", "groups[1].leadersPerLocality"], fields);
        Assert.DoesNotContain((form with { Date = new DateOnly(2026, 12, 1) }).Validate(new DateOnly(2026, 11, 30)), i => i.Field == "date");
    }

    [Fact]
    public void ToConference_SeedWithADate_ConferenceOfThePlan()
    {
        var conference = (SeedForm() with { Date = new DateOnly(2026, 12, 1), AnswerDeadline = new DateTime(2026, 11, 28, 17, 0, 0) }).ToConference("chi-so-2026");

        Assert.Equal(new DateOnly(2026, 12, 1), conference.Date);
        Assert.StartsWith("Thành phố Nha Trang", conference.Venue.Vi, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), conference.RsvpDeadline);
        Assert.Equal("don-tiep-dai-bieu", conference.Agenda[0].Id);
        Assert.True(conference.Agenda.Single(a => a.Start == new TimeOnly(10, 0)).IsBreak);
        Assert.Equal(3, conference.Groups.Single(g => g.RegistersLeaders is not null).RegistersLeaders);
    }

    [Fact]
    public void ApplyTo_EditOfTheSample_KeepsIdsUnchangedTranslationsAndDropsStaleOnes()
    {
        var conference = DelegateTestData.Conference();
        var form = ConferenceForm.FromConference(conference);
        var edited = form with
        {
            Venue = "Hội trường UBND tỉnh",
            Agenda = [.. form.Agenda.Select(a => a.Id == "opening" ? a with { Start = "08h06" } : a), new AgendaItemForm(null, "11h30", "11h40", "Bế mạc")],
        };

        edited.ApplyTo(conference);

        Assert.Equal(new KhConferenceBot.Common.BilingualText("Hội trường UBND tỉnh", ""), conference.Venue);
        Assert.Equal("Hotel conference hall, Nha Trang City", DelegateTestData.Conference().Venue.En);
        var opening = conference.FindItem("opening")!;
        Assert.Equal(new TimeOnly(8, 6), opening.Start);
        Assert.Equal("Opening speech", opening.Content.En);
        Assert.True(opening.Announce);
        Assert.Equal("be-mac", conference.Agenda[^1].Id);
        Assert.Equal(DelegateTestData.Conference().Groups.Select(g => g.Id), conference.Groups.Select(g => g.Id));
    }

    [Fact]
    public void ApplyTo_AnnounceUnsetOnNewItemsKeptOnOldOnesExplicitChoiceWins()
    {
        var conference = DelegateTestData.Conference();
        var form = ConferenceForm.FromConference(conference);
        var edited = form with
        {
            Agenda = [.. form.Agenda.Select(a => a with { Announce = a.Id == "opening" ? false : a.Id == "closing" ? true : null }),
                new AgendaItemForm(null, "11h30", "11h40", "Trao giải thưởng"), new AgendaItemForm(null, "11h40", "11h50", "Đăng ký nhận tài liệu")],
        };

        edited.ApplyTo(conference);

        Assert.Equal(
            (false, true, true, false, true, false),
            (conference.FindItem("opening")!.Announce, conference.FindItem("closing")!.Announce, conference.FindItem("introduction")!.Announce,
                conference.FindItem("welcome")!.Announce, conference.FindItem("trao-giai-thuong")!.Announce, conference.FindItem("dang-ky-nhan-tai")!.Announce));
    }

    [Theory]
    [InlineData("Phát biểu khai mạc Hội nghị", false, true)]
    [InlineData("Thảo luận, chia sẻ kinh nghiệm", false, true)]
    [InlineData("Đón tiếp đại biểu; trình chiếu phim", false, false)]
    [InlineData("  Tiếp đón đại biểu", false, false)]
    [InlineData("Check-in, nhận tài liệu", false, false)]
    [InlineData("Nghỉ giải lao", true, false)]
    public void AnnouncedByDefault_ItemKinds_ProgrammeYesReceptionAndBreakNo(string content, bool isBreak, bool expected) =>
        Assert.Equal(expected, ConferenceForm.AnnouncedByDefault(content, isBreak));

    [Fact]
    public void FromConference_ThenApplyTo_ChangesNothing()
    {
        var conference = DelegateTestData.Conference();
        var before = System.Text.Json.JsonSerializer.Serialize(conference, ConferenceJson.Options);

        ConferenceForm.FromConference(conference).ApplyTo(conference);

        Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(conference, ConferenceJson.Options));
    }
}
