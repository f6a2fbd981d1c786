using System.Globalization;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace KhConferenceBot.Tests.Plans;

/// <summary>Plans the reader has not seen, as other offices write them: each layout is a builder below.</summary>
public sealed class PlanReaderLayoutTests
{
    /// <summary>A training day: numbered agenda lines, "Buổi sáng"/"Buổi chiều" and afternoon times written "2h00".</summary>
    private static PlanBuilder NumberedSessions() => PlanBuilder.Plan()
        .Lines(
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Nâng cao kỹ năng cho cán bộ làm công tác cải cách hành chính.",
            "II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
            "1. Thời gian: 01 ngày, bắt đầu lúc 7 giờ 30, thứ Năm, ngày 20/6/2024.",
            "2. Địa điểm: Hội trường Sở Nội vụ, số 4 Phan Chu Trinh, thành phố Nha Trang.",
            "3. Chủ trì: Đồng chí Giám đốc Sở Nội vụ.",
            "4. Thành phần: Khoảng 120 người, gồm:",
            "a) Đại biểu mời:",
            "- Đại diện lãnh đạo Văn phòng UBND tỉnh;",
            "- Báo Khánh Hòa (đưa tin).",
            "b) Đại biểu triệu tập:",
            "- Công chức phụ trách cải cách hành chính các sở, ban, ngành;",
            "- Công chức Phòng Nội vụ các huyện, thị xã, thành phố (mỗi huyện cử 02 người).",
            "Các cơ quan, đơn vị đăng ký danh sách học viên về Sở Nội vụ trước 16h00 ngày 14/6/2024.",
            "III. CHƯƠNG TRÌNH",
            "Buổi sáng",
            "1. 7h30 - 8h00: Đón tiếp đại biểu, phát tài liệu (Ban Tổ chức thực hiện).",
            "2. 8h00 - 8h15: Khai mạc hội nghị. Trình bày: Lãnh đạo Sở Nội vụ.",
            "3. 8h15 - 10h00: Chuyên đề 1: Kỹ năng đánh giá Chỉ số cải cách hành chính",
            "Trình bày: Phòng Cải cách hành chính, Sở Nội vụ",
            "4. 10h00 - 10h15: Nghỉ giải lao",
            "5. 10h15 - 11h30: Chuyên đề 2: Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính – Sở Thông tin và Truyền thông",
            "Buổi chiều",
            "6. 2h00 - 3h30: Thảo luận, giải đáp vướng mắc",
            "7. 3h30 - 4h00: Tổng kết, bế mạc (Lãnh đạo Sở Nội vụ).",
            "IV. TỔ CHỨC THỰC HIỆN",
            "Văn phòng Sở chuẩn bị hội trường, tài liệu.");

    /// <summary>A city's plan: an "STT" table with "|" borders, single start times ("7h30'"), session rows and "giờ".</summary>
    private static PlanBuilder SttTable() => PlanBuilder.Plan(
            number: "58/KH-UBND",
            signed: "Cam Ranh, ngày 12 tháng 3 năm 2024",
            title: "Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2024")
        .Lines(
            "1. Thời gian, địa điểm: 7 giờ 30 phút, ngày 22/3/2024, tại Hội trường UBND thành phố Cam Ranh.",
            "2. Chủ trì hội nghị: Chủ tịch UBND thành phố.",
            "3. Thành phần tham dự (khoảng 80 đại biểu):",
            "- Kính mời: Thường trực Thành ủy; Thường trực HĐND thành phố.",
            "- Triệu tập: Trưởng các phòng, ban, đơn vị thuộc UBND thành phố; Chủ tịch UBND các xã, phường (mỗi xã, phường đăng ký 02 cán bộ).",
            "III. CHƯƠNG TRÌNH HỘI NGHỊ")
        .Table(
            ["STT ", " Thời gian ", " Nội dung ", " Người thực hiện"],
            ["", "BUỔI SÁNG", "", ""],
            ["1", "7h30'", "Đón tiếp đại biểu", "Văn phòng HĐND và UBND thành phố"],
            ["2", "8h00'", "Khai mạc; báo cáo kết quả chuyển đổi số năm 2023", "Lãnh đạo UBND thành phố"],
            ["3", "9h15'", "Giải lao", ""],
            ["4", "9h30'", "Tham luận của các xã, phường", "Đại diện UBND xã Cam Thịnh Đông, phường Cam Nghĩa"],
            ["", "BUỔI CHIỀU", "", ""],
            ["5", "14 giờ 00", "Thảo luận, trao đổi", "Các đại biểu"],
            ["6", "16 giờ 00 - 16 giờ 30", "Kết luận hội nghị", "Chủ tịch UBND thành phố"]);

    /// <summary>A two-day review: "từ ngày … đến ngày …", day headings in the agenda, a deadline without its year.</summary>
    private static PlanBuilder TwoDays() => PlanBuilder.Plan(
            number: "210/KH-BCĐ",
            signed: "Khánh Hòa, ngày 05 tháng 8 năm 2024",
            title: "Tổ chức Hội nghị sơ kết 6 tháng đầu năm 2024 công tác cải cách hành chính")
        .Lines(
            "- Thời gian: 02 ngày, từ ngày 20/8/2024 đến ngày 21/8/2024.",
            "- Địa điểm: Khách sạn Sheraton Nha Trang, 26-28 Trần Phú, thành phố Nha Trang.",
            "- Chủ trì: Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo cải cách hành chính tỉnh.",
            "- Đồng chủ trì: Giám đốc Sở Nội vụ.",
            "- Thành phần: Dự kiến 150 đại biểu (theo danh sách kèm theo).",
            "Đề nghị các đơn vị xác nhận tham dự trước ngày 15/8.",
            "CHƯƠNG TRÌNH HỘI NGHỊ")
        .Table(["STT", "Thời gian", "Nội dung", "Đơn vị thực hiện"])
        .Lines("NGÀY THỨ NHẤT (20/8/2024)")
        .Table(
            ["1", "08h00 - 08h30", "Khai mạc, báo cáo sơ kết", "Văn phòng Ban Chỉ đạo"],
            ["2", "08h30 - 11h00", "Tham luận của các sở, ngành", "Các sở, ngành"],
            ["3", "14h00 - 16h30", "Thảo luận theo nhóm", "Các nhóm"])
        .Lines("NGÀY THỨ HAI (21/8/2024)")
        .Table(
            ["4", "08h00 - 10h00", "Báo cáo kết quả thảo luận nhóm", "Trưởng các nhóm"],
            ["5", "10h00 - 10h30", "Phát biểu kết luận", "Phó Chủ tịch UBND tỉnh"]);

    /// <summary>A department's Word plan: heading table, a title over two lines, columns "Nội dung | Thời gian | Thực hiện".</summary>
    private static PlanBuilder DepartmentDocx() => new PlanBuilder()
        .Table(["SỞ NỘI VỤ TỈNH KHÁNH HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Số: 77/KH-SNV", "Khánh Hòa, ngày 02 tháng 10 năm 2024"])
        .Lines(
            "",
            "KẾ HOẠCH",
            "Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng\vnăm 2024 của ngành Nội vụ",
            "",
            "1. Thời gian: 14 giờ 00, ngày 25/10/2024.",
            "2. Địa điểm: Hội trường tầng 3, Sở Nội vụ.",
            "3. Chủ trì: Giám đốc Sở Nội vụ.",
            "Mời lãnh đạo Ban Thi đua - Khen thưởng tỉnh dự và đồng chủ trì.",
            "4. Thành phần:",
            "Đại biểu mời:",
            "+ Lãnh đạo Ban Thi đua - Khen thưởng tỉnh;",
            "+ Phóng viên Đài Phát thanh và Truyền hình Khánh Hòa.",
            "Đại biểu triệu tập:",
            "+ Trưởng các phòng, đơn vị thuộc Sở Nội vụ;",
            "+ Trưởng Phòng Nội vụ các huyện, thị xã, thành phố (mỗi địa phương cử 01 người).",
            "Số lượng: khoảng 60 người.",
            "Các phòng Nội vụ gửi danh sách đại biểu trước 17h00 ngày 18/10/2024.",
            "5. Chương trình:")
        .Table(
            ["Nội dung", "Thời gian", "Thực hiện"],
            ["Đón tiếp đại biểu", "13h30 - 14h00", "Văn phòng Sở"],
            ["Báo cáo tổng kết công tác thi đua, khen thưởng năm 2024", "14h00 - 14h45", "- Phó Giám đốc Sở - Phòng Thi đua"],
            ["Trao khen thưởng", "14h45 - 15h30", "Lãnh đạo Ban Thi đua - Khen thưởng tỉnh"],
            ["Nghỉ giải lao", "15h30 - 15h45", ""],
            ["Phát biểu tham luận, thảo luận", "15h45 - 16h45", "Các phòng Nội vụ"],
            ["Kết luận hội nghị", "16h45 - 17h00", "Giám đốc Sở Nội vụ"])
        .Lines("", "Nơi nhận:", "- Như thành phần;", "- Lưu: VT.");

    /// <summary>A district's short notice: no "KẾ HOẠCH", agenda lines with no heading, then one undivided participants list.</summary>
    private static PlanBuilder DistrictNotice() => new PlanBuilder()
        .Lines(
            "UBND HUYỆN DIÊN KHÁNH",
            "Hội nghị giao ban công tác dân vận quý III năm 2024",
            "Thời gian: 8 giờ, ngày 10 tháng 9 năm 2024",
            "Địa điểm: Phòng họp số 1, UBND huyện",
            "- 8h00: Khai mạc – Lãnh đạo UBND huyện",
            "- 8h15 - 9h30: Báo cáo tình hình công tác dân vận quý III; Thực hiện: Phòng Nội vụ",
            "- 9h30: Thảo luận",
            "- 10h30: Bế mạc",
            "Thành phần:",
            "- Lãnh đạo các cơ quan, đơn vị thuộc huyện;",
            "- Chủ tịch UBND các xã, thị trấn.");

    private static PlanDraft Read(PlanBuilder plan, bool docx = false)
    {
        var result = docx ? PlanReader.Read(plan.ToDocx()) : PlanReader.ReadText(plan.ToText());
        Assert.Null(result.Refusal);
        return result.Draft!;
    }

    private static string[] Times(PlanDraft draft) => [.. draft.Agenda.Select(a => AgendaTime.Range(a.Start, a.End))];

    private static TimeOnly At(string time) => TimeOnly.Parse(time, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_NumberedAgendaWithSessions_AfternoonTimesAndPerformers(bool docx)
    {
        var draft = Read(NumberedSessions(), docx);

        Assert.Equal(["07h30 - 08h00", "08h00 - 08h15", "08h15 - 10h00", "10h00 - 10h15", "10h15 - 11h30", "14h00 - 15h30", "15h30 - 16h00"], Times(draft));
        Assert.Equal(
            ["Ban Tổ chức", "Lãnh đạo Sở Nội vụ", "Phòng Cải cách hành chính, Sở Nội vụ", null, "Sở Thông tin và Truyền thông", null, "Lãnh đạo Sở Nội vụ"],
            draft.Agenda.Select(a => a.Presenter));
        Assert.Equal("Đón tiếp đại biểu, phát tài liệu", draft.Agenda[0].Content);
        Assert.Equal("Chuyên đề 2: Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", draft.Agenda[4].Content);
        Assert.True(draft.Agenda[3].IsBreak);
        Assert.True(draft.Agenda[5].IsDiscussion);
        Assert.Equal("Hội nghị tập huấn công tác cải cách hành chính năm 2024", draft.Title!.Value);
        Assert.Equal([new DateOnly(2024, 6, 20)], draft.Dates.Select(d => d.Value));
        Assert.Equal("Hội trường Sở Nội vụ, số 4 Phan Chu Trinh, thành phố Nha Trang", draft.Venue!.Value);
        Assert.Equal("Đồng chí Giám đốc Sở Nội vụ", draft.Chair!.Value);
        Assert.Equal(120, draft.Capacity!.Value);
        Assert.Equal(new DateTime(2024, 6, 14, 16, 0, 0), draft.AnswerDeadline!.Value);
        Assert.Equal(
            [(DelegateCategory.Invited, false), (DelegateCategory.Invited, true), (DelegateCategory.Summoned, false), (DelegateCategory.Summoned, false)],
            draft.Groups.Select(g => (g.Category, g.IsPress)));
        Assert.Equal(2, draft.Groups[3].RegistersLeaders);
        Assert.True(draft.IsComplete);
        Assert.Empty(draft.Issues);
    }

    [Theory]
    [InlineData('|')]
    [InlineData('\t')]
    public void ReadText_SttTableWithSingleTimes_EndsFromTheNextItemWithinASession(char separator)
    {
        var result = PlanReader.ReadText(SttTable().ToText(separator));
        var draft = result.Draft!;

        Assert.Equal([At("07:30"), At("08:00"), At("09:15"), At("09:30"), At("14:00"), At("16:00")], draft.Agenda.Select(a => a.Start));
        Assert.Equal([At("08:00"), At("09:15"), At("09:30"), At("09:30"), At("16:00"), At("16:30")], draft.Agenda.Select(a => a.End));
        var lastBeforeLunch = Assert.Single(draft.Issues, i => i.Kind == PlanIssueKind.Doubtful);
        Assert.Contains("chỉ có giờ bắt đầu (09h30)", lastBeforeLunch.MessageVi, StringComparison.Ordinal);
        Assert.Equal("Khai mạc; báo cáo kết quả chuyển đổi số năm 2023", draft.Agenda[1].Content);
        Assert.True(draft.Agenda[2].IsBreak);
        Assert.Equal("Các đại biểu", draft.Agenda[4].Presenter);
        Assert.Equal([new DateOnly(2024, 3, 22)], draft.Dates.Select(d => d.Value));
        Assert.Equal("Hội trường UBND thành phố Cam Ranh", draft.Venue!.Value);
        Assert.Equal("Chủ tịch UBND thành phố", draft.Chair!.Value);
        Assert.Equal(80, draft.Capacity!.Value);
        Assert.Equal("58/KH-UBND", draft.PlanNumber!.Value);
        Assert.Equal(
            [(DelegateCategory.Invited, "Thường trực Thành ủy", (int?)null), (DelegateCategory.Invited, "Thường trực HĐND thành phố", null),
             (DelegateCategory.Summoned, "Trưởng các phòng, ban, đơn vị thuộc UBND thành phố", null),
             (DelegateCategory.Summoned, "Chủ tịch UBND các xã, phường (mỗi xã, phường đăng ký 02 cán bộ)", 2)],
            draft.Groups.Select(g => (g.Category, g.Name, g.RegistersLeaders)));
    }

    [Fact]
    public void ReadText_TwoDays_ItemsByDayAndTheOrganizerChoosesADay()
    {
        var draft = Read(TwoDays());

        Assert.Equal([1, 1, 1, 2, 2], draft.Agenda.Select(a => a.Day));
        Assert.Equal(["08h00 - 08h30", "08h30 - 11h00", "14h00 - 16h30", "08h00 - 10h00", "10h00 - 10h30"], Times(draft));
        Assert.Equal([new DateOnly(2024, 8, 20), new DateOnly(2024, 8, 21)], draft.Dates.Select(d => d.Value));
        var days = Assert.Single(draft.Issues, i => i.Blocks);
        Assert.Contains("2 ngày", days.MessageVi, StringComparison.Ordinal);
        Assert.Equal("Giám đốc Sở Nội vụ", draft.CoChair!.Value);
        Assert.Equal("Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo cải cách hành chính tỉnh", draft.Chair!.Value);
        Assert.Equal(150, draft.Capacity!.Value);
        Assert.Equal(new DateTime(2024, 8, 15, 23, 59, 59), draft.AnswerDeadline!.Value);
        Assert.Contains(draft.Issues, i => i.Field == nameof(PlanDraft.AnswerDeadline) && i.Kind == PlanIssueKind.Doubtful);
        Assert.Contains(draft.Issues, i => i.Field == nameof(PlanDraft.Groups) && i.Kind == PlanIssueKind.Missing);
        Assert.Equal("Văn phòng Ban Chỉ đạo", draft.Agenda[0].Presenter);
    }

    [Fact]
    public void ToConference_TwoDays_RefusedUntilADayIsChosen()
    {
        var draft = Read(TwoDays());
        var firstDay = draft with
        {
            Dates = [draft.Dates[0]],
            Agenda = [.. draft.Agenda.Where(a => a.Day == 1)],
        };

        Assert.Throws<InvalidOperationException>(() => draft.ToConference("so-ket-2024"));
        var conference = firstDay.ToConference("so-ket-2024");

        Assert.Equal(new DateOnly(2024, 8, 20), conference.Date);
        Assert.Equal(3, conference.Agenda.Count);
        Assert.Equal(new DateTimeOffset(2024, 8, 15, 16, 59, 59, TimeSpan.Zero), conference.RsvpDeadline);
        Assert.Equal(150, conference.Capacity);
    }

    [Fact]
    public void ReadDocx_DepartmentPlan_HeadingTableLineBreaksListsAndColumnOrder()
    {
        var draft = Read(DepartmentDocx(), docx: true);

        Assert.Equal("77/KH-SNV", draft.PlanNumber!.Value);
        Assert.Equal(new DateOnly(2024, 10, 2), draft.PlanDate!.Value);
        Assert.Equal("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 của ngành Nội vụ", draft.Title!.Value);
        Assert.Equal("Lãnh đạo Ban Thi đua - Khen thưởng tỉnh", draft.CoChair!.Value);
        Assert.Equal(60, draft.Capacity!.Value);
        Assert.Equal(new DateTime(2024, 10, 18, 17, 0, 0), draft.AnswerDeadline!.Value);
        Assert.Equal(["13h30 - 14h00", "14h00 - 14h45", "14h45 - 15h30", "15h30 - 15h45", "15h45 - 16h45", "16h45 - 17h00"], Times(draft));
        Assert.Equal("Phó Giám đốc Sở; Phòng Thi đua", draft.Agenda[1].Presenter);
        Assert.Equal("Lãnh đạo Ban Thi đua - Khen thưởng tỉnh", draft.Agenda[2].Presenter);
        Assert.Equal("Trao khen thưởng", draft.Agenda[2].Content);
        Assert.True(draft.Agenda[3].IsBreak);
        Assert.True(draft.Agenda[4].IsDiscussion);
        Assert.Equal(
            ["Lãnh đạo Ban Thi đua - Khen thưởng tỉnh", "Phóng viên Đài Phát thanh và Truyền hình Khánh Hòa", "Trưởng các phòng, đơn vị thuộc Sở Nội vụ", "Trưởng Phòng Nội vụ các huyện, thị xã, thành phố (mỗi địa phương cử 01 người)"],
            draft.Groups.Select(g => g.Name));
        Assert.Equal([false, true, false, false], draft.Groups.Select(g => g.IsPress));
        Assert.Equal(1, draft.LeaderQuota!.Value);
        Assert.True(draft.IsComplete);
        Assert.Empty(draft.Issues);
    }

    [Fact]
    public void ReadDocx_TrackedChanges_DeletedTextAndFieldCodesLeftOut()
    {
        // The office edits the date with track changes on: the old text stays in the file as w:delText.
        var docx = PlanBuilder.Plan().Lines("Thời gian: {DATE}", "Địa điểm: Hội trường Sở Nội vụ").ToDocx(
            "{DATE}",
            new W.DeletedRun(new W.Run(new W.DeletedText("Trong tháng 5/2024"))),
            new W.Run(new W.FieldCode(" DATE \\@ \"dd/MM/yyyy\" ")),
            new W.Run(new W.Text("ngày 20/6/2024")));

        var draft = PlanReader.Read(docx).Draft!;

        Assert.Equal([new DateOnly(2024, 6, 20)], draft.Dates.Select(d => d.Value));
        Assert.Null(draft.DateAsWritten);
        Assert.Equal("Thời gian: ngày 20/6/2024", draft.Dates[0].Source!.Text);
    }

    [Fact]
    public void ReadText_DistrictNotice_ReadsWhatIsThereAndSaysWhatIsNot()
    {
        var draft = Read(DistrictNotice());

        Assert.Equal("Hội nghị giao ban công tác dân vận quý III năm 2024", draft.Title!.Value);
        Assert.Equal([new DateOnly(2024, 9, 10)], draft.Dates.Select(d => d.Value));
        Assert.Equal("Phòng họp số 1, UBND huyện", draft.Venue!.Value);
        Assert.Equal(["08h00 - 08h15", "08h15 - 09h30", "09h30 - 10h30", "10h30 - 10h30"], Times(draft));
        Assert.Equal(["Lãnh đạo UBND huyện", "Phòng Nội vụ", null, null], draft.Agenda.Select(a => a.Presenter));
        Assert.Equal("Báo cáo tình hình công tác dân vận quý III", draft.Agenda[1].Content);
        Assert.Equal("Bế mạc", draft.Agenda[3].Content);
        Assert.All(draft.Groups, g => Assert.Equal(DelegateCategory.Invited, g.Category));
        Assert.Equal(["Lãnh đạo các cơ quan, đơn vị thuộc huyện", "Chủ tịch UBND các xã, thị trấn"], draft.Groups.Select(g => g.Name));
        Assert.Equal(
            [nameof(PlanDraft.Chair), nameof(PlanDraft.Capacity), nameof(PlanDraft.PlanNumber), nameof(PlanDraft.Agenda), nameof(PlanDraft.Groups), nameof(PlanDraft.Title)],
            draft.Issues.Select(i => i.Field));
        Assert.True(draft.IsComplete);
    }
}
