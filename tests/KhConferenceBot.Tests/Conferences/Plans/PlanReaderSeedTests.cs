using System.Text;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;

namespace KhConferenceBot.Tests.Plans;

/// <summary>The seed plan (No. 4417/KH-UBND) read as the office's text export and as a .docx built from it.</summary>
public sealed class PlanReaderSeedTests
{
    public static TheoryData<string> Formats => ["text", "docx"];

    private static PlanDraft ReadSeed(string format)
    {
        var result = format == "docx"
            ? PlanReader.Read(PlanBuilder.FromText(PlanBuilder.SeedText).ToDocx())
            : PlanReader.Read(Encoding.UTF8.GetBytes(PlanBuilder.SeedText));
        Assert.Null(result.Refusal);
        return result.Draft!;
    }

    /// <summary>The line of the seed's text that starts with <paramref name="start"/>, as the reader numbers lines.</summary>
    private static int SeedLine(string start) =>
        Array.FindIndex(PlanBuilder.SeedText.Split('\n'), l => l.StartsWith(start, StringComparison.Ordinal)) + 1;

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_Seed_HeadingFieldsWithTheirLines(string format)
    {
        var draft = ReadSeed(format);

        Assert.Equal("4417/KH-UBND", draft.PlanNumber!.Value);
        Assert.Equal(new DateOnly(2023, 5, 10), draft.PlanDate!.Value);
        Assert.Equal(
            "Hội nghị phân tích, đánh giá các Chỉ số PAR-Index, SIPAS, PCI, PAPI năm 2022 và bàn giải pháp tiếp tục cải thiện các Chỉ số đánh giá tỉnh Khánh Hòa",
            draft.Title!.Value);
        Assert.Equal("Lãnh đạo UBND tỉnh", draft.Chair!.Value);
        Assert.Equal("Thường trực Tỉnh ủy", draft.CoChair!.Value);
        Assert.Equal(200, draft.Capacity!.Value);
        Assert.Equal("Asia/Ho_Chi_Minh", draft.TimeZone.Value);
        Assert.Null(draft.AnswerDeadline);
        if (format == "text")
        {
            Assert.Equal(SeedLine("Số:"), draft.PlanNumber.Source!.Line);
            Assert.Equal(SeedLine("**Tổ chức Hội nghị"), draft.Title.Source!.Line);
            Assert.Equal(SeedLine("a) Chủ trì"), draft.Chair.Source!.Line);
            Assert.Equal(SeedLine("b) Đại biểu tham dự"), draft.Capacity.Source!.Line);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_Seed_MonthWithoutDayIsAskedFor(string format)
    {
        var draft = ReadSeed(format);

        Assert.Empty(draft.Dates);
        Assert.Equal("Trong tháng 5/2023", draft.DateAsWritten!.Value);
        var issue = Assert.Single(draft.Issues, i => i.Field == nameof(PlanDraft.Dates));
        Assert.True(issue.Blocks);
        Assert.Contains("Trong tháng 5/2023", issue.MessageVi, StringComparison.Ordinal);
        Assert.Contains("chưa có ngày cụ thể", issue.MessageVi, StringComparison.Ordinal);
        Assert.False(draft.IsComplete);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_Seed_TentativeVenueIsReadAndDoubted(string format)
    {
        var draft = ReadSeed(format);

        Assert.Equal("Thành phố Nha Trang (dự kiến thuê hội trường khách sạn)", draft.Venue!.Value);
        Assert.Contains(draft.Issues, i => i.Field == nameof(PlanDraft.Venue) && i.Kind == PlanIssueKind.Doubtful);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_Seed_InvitedAndSummonedGroupsWithDistrictQuota(string format)
    {
        var draft = ReadSeed(format);

        Assert.Equal(8, draft.Groups.Count(g => g.Category == DelegateCategory.Invited));
        Assert.Equal(5, draft.Groups.Count(g => g.Category == DelegateCategory.Summoned));
        Assert.Equal("Ban Thường vụ Tỉnh ủy", draft.Groups[0].Name);
        Assert.Equal("Lãnh đạo Bưu điện tỉnh, một số doanh nghiệp, tổ chức hội và hiệp hội cấp tỉnh", draft.Groups[^1].Name);
        var districts = Assert.Single(draft.Groups, g => g.RegistersLeaders is not null);
        Assert.Equal(3, districts.RegistersLeaders);
        Assert.StartsWith("Lãnh đạo UBND các huyện, thị xã, thành phố", districts.Name, StringComparison.Ordinal);
        Assert.Equal(3, draft.LeaderQuota!.Value);
        Assert.Equal(
            ["Đài Phát thanh và Truyền hình Khánh Hòa, Báo Khánh Hòa (tham dự và đưa tin)", "Đại diện các cơ quan thông tấn báo chí trên địa bàn tỉnh (giao Sở Thông tin và Truyền thông thông báo)"],
            draft.Groups.Where(g => g.IsPress).Select(g => g.Name));
        if (format == "text")
        {
            Assert.Equal(SeedLine("- + Lãnh đạo UBND các huyện"), districts.Source.Line);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_Seed_AgendaTableWithTheOfficesTimeForms(string format)
    {
        var draft = ReadSeed(format);

        Assert.Equal(
            ["07h15 - 08h00", "08h00 - 08h05", "08h05 - 08h15", "08h15 - 08h30", "08h30 - 10h00", "10h00 - 10h15", "10h15 - 10h45", "10h45 - 11h15", "11h15 - 11h30"],
            draft.Agenda.Select(a => AgendaTime.Range(a.Start, a.End)));
        Assert.Equal("Đón tiếp đại biểu; Trình chiếu phim “Khánh Hòa - Hợp tác và phát triển”", draft.Agenda[0].Content);
        Assert.Equal("Ban Tổ chức", draft.Agenda[0].Presenter);
        Assert.Equal("Sở Kế hoạch và Đầu tư; Sở Nội vụ", draft.Agenda[4].Presenter);
        Assert.Equal("VCCI Khánh Hòa; Đại biểu; Ban Tổ chức", draft.Agenda[7].Presenter);
        Assert.Equal("Mời Thường trực Tỉnh ủy", draft.Agenda[3].Presenter);
        var pause = draft.Agenda[5];
        Assert.True(pause.IsBreak);
        Assert.Equal("Nghỉ giải lao", pause.Content);
        Assert.Null(pause.Presenter);
        Assert.Equal([7], draft.Agenda.Select((a, i) => (a, i)).Where(x => x.a.IsDiscussion).Select(x => x.i));
        Assert.All(draft.Agenda, a => Assert.Equal(1, a.Day));
        if (format == "text")
        {
            Assert.Equal(SeedLine("07h15- 08h00"), draft.Agenda[0].Source.Line);
            Assert.Equal(SeedLine("10h15-10h45"), draft.Agenda[6].Source.Line);
        }
    }

    [Fact]
    public async Task ReadAsync_SeedDocxUpload_SameDraftAsTheBytes()
    {
        var docx = PlanBuilder.FromText(PlanBuilder.SeedText).ToDocx();
        await using var upload = new MemoryStream(docx);

        var result = await PlanReader.ReadAsync(upload, CancellationToken.None);

        Assert.Equal(ReadSeed("docx").Agenda, result.Draft!.Agenda);
        Assert.Equal(ReadSeed("docx").Groups, result.Draft.Groups);
    }

    [Fact]
    public void Read_SeedWithoutItsIssues_OnlyTheDateIsStillRequired()
    {
        var draft = ReadSeed("text");

        Assert.Equal([nameof(PlanDraft.Dates)], draft.Issues.Where(i => i.Blocks).Select(i => i.Field));
        Assert.DoesNotContain(draft.Issues, i => i.Kind == PlanIssueKind.Missing);
    }

    [Fact]
    public void ToConference_SeedOnceTheDateIsGiven_ConferenceWithTheSeedsFacts()
    {
        var draft = ReadSeed("text") with { Dates = [new PlanField<DateOnly>(new DateOnly(2023, 5, 25), null)] };

        var conference = draft.ToConference("khanh-hoa-2023");

        Assert.True(draft.IsComplete);
        Assert.Equal("4417/KH-UBND", conference.PlanNumber);
        Assert.Equal(new DateOnly(2023, 5, 25), conference.Date);
        Assert.Equal(200, conference.Capacity);
        Assert.Equal(9, conference.Agenda.Count);
        Assert.Equal(13, conference.Groups.Count);
        Assert.Equal(9, conference.Agenda.Select(a => a.Id).Distinct().Count());
        Assert.Equal(13, conference.Groups.Select(g => g.Id).Distinct().Count());
        Assert.Equal("don-tiep-dai-bieu", conference.Agenda[0].Id);
        Assert.Equal(new DateTimeOffset(2023, 5, 25, 7, 15, 0, TimeSpan.FromHours(7)), conference.StartsAt);
        Assert.Equal(new("Lãnh đạo UBND tỉnh", ""), conference.Chair);
        Assert.Equal(3, conference.FindGroup(conference.Groups.Single(g => g.RegistersLeaders is not null).Id)!.RegistersLeaders);
    }

    [Fact]
    public void ToConference_DateStillMissing_Refused()
    {
        var draft = ReadSeed("text");

        var refusal = Assert.Throws<InvalidOperationException>(() => draft.ToConference("khanh-hoa-2023"));

        Assert.Contains(nameof(PlanDraft.Dates), refusal.Message, StringComparison.Ordinal);
    }
}
