using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Tests.Attendance;

/// <summary>Builders for the conference and delegates the RSVP rules are checked against (no storage).</summary>
internal static class RsvpTestData
{
    /// <summary>Deadline: 29 Nov 2026 23:59:59 in Viet Nam = 16:59:59Z.</summary>
    public static readonly DateTimeOffset BeforeDeadline = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AfterDeadline = new(2026, 11, 29, 17, 0, 0, TimeSpan.Zero);

    public static Conference Conference() => new()
    {
        Id = "khanh-hoa-2023",
        ShortName = new BilingualText("Hội nghị Chỉ số 2022", "2022 Indices Conference"),
        Title = new BilingualText("Hội nghị phân tích, đánh giá các Chỉ số", "Indices conference"),
        Organizer = new BilingualText("Ủy ban nhân dân tỉnh Khánh Hòa", "People's Committee of Khánh Hòa Province"),
        Chair = new BilingualText("Lãnh đạo UBND tỉnh", "Provincial leaders"),
        CoChair = new BilingualText("Thường trực Tỉnh ủy", "Party Standing Board"),
        Venue = new BilingualText("Hội trường khách sạn, Nha Trang; tầng 2, phòng A", "Hotel hall, Nha Trang"),
        Date = new DateOnly(2026, 12, 1),
        Agenda =
        {
            new AgendaItem { Id = "welcome", Start = new TimeOnly(7, 15), End = new TimeOnly(8, 0), Content = new BilingualText("Đón tiếp đại biểu", "Welcome") },
            new AgendaItem { Id = "opening", Start = new TimeOnly(8, 5), End = new TimeOnly(8, 15), Content = new BilingualText("Phát biểu khai mạc Hội nghị", "Opening") },
            new AgendaItem { Id = "break", Start = new TimeOnly(10, 0), End = new TimeOnly(10, 15), IsBreak = true, Content = new BilingualText("Nghỉ giải lao", "Break") },
            new AgendaItem { Id = "closing", Start = new TimeOnly(11, 15), End = new TimeOnly(11, 30), Content = new BilingualText("Phát biểu kết luận Hội nghị", "Closing") },
        },
        Groups =
        {
            new DelegateGroup { Id = "vcci", Category = DelegateCategory.Invited, Name = new BilingualText("VCCI Khánh Hòa", "VCCI Khánh Hòa") },
            new DelegateGroup { Id = "so-nganh", Category = DelegateCategory.Summoned, Name = new BilingualText("Lãnh đạo các sở", "Department leaders") },
            new DelegateGroup { Id = "huyen", Category = DelegateCategory.Summoned, RegistersLeaders = 3, Name = new BilingualText("Lãnh đạo UBND các huyện", "District leaders") },
        },
    };

    public static ConferenceDelegate Invited() => new()
    {
        Id = "tuan.pham@khanhhoa.example",
        Name = "Phạm Minh Tuấn",
        Position = "Phó Chủ tịch",
        Organisation = "VCCI Khánh Hòa",
        GroupId = "vcci",
        Category = DelegateCategory.Invited,
        Email = "tuan.pham@khanhhoa.example",
    };

    public static ConferenceDelegate Summoned() => new()
    {
        Id = "hung.nguyen@khanhhoa.example",
        Name = "Nguyễn Văn Hùng",
        Position = "Phó Giám đốc",
        Organisation = "Sở Kế hoạch và Đầu tư",
        GroupId = "so-nganh",
        Category = DelegateCategory.Summoned,
        Email = "hung.nguyen@khanhhoa.example",
    };

    public static ConferenceDelegate DistrictContact() => new()
    {
        Id = "thuha.le@khanhhoa.example",
        Name = "Lê Thị Thu Hà",
        Position = "Chánh Văn phòng HĐND và UBND",
        Organisation = "UBND thị xã Ninh Hòa",
        GroupId = "huyen",
        Category = DelegateCategory.Summoned,
        Email = "thuha.le@khanhhoa.example",
        District = "Thị xã Ninh Hòa",
    };
}
