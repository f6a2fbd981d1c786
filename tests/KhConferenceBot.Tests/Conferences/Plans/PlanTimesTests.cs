using KhConferenceBot.Conferences.Plans;

namespace KhConferenceBot.Tests.Plans;

public sealed class PlanTimesTests
{
    [Theory]
    [InlineData("07h15- 08h00", "07:15", "08:00")]
    [InlineData("10h15-10h45", "10:15", "10:45")]
    [InlineData("08h00 - 08h05", "08:00", "08:05")]
    [InlineData("14 giờ 00", "14:00", null)]
    [InlineData("14 giờ 00 - 14 giờ 30 phút", "14:00", "14:30")]
    [InlineData("7h30'", "07:30", null)]
    [InlineData("7h30’ – 8h", "07:30", "08:00")]
    [InlineData("8:00 - 8:30", "08:00", "08:30")]
    [InlineData("Từ 7h30 đến 8h00", "07:30", "08:00")]
    [InlineData("14g00 – 14g30", "14:00", "14:30")]
    [InlineData("8h", "08:00", null)]
    public void ParseCell_OfficeTimeForms_StartAndEnd(string cell, string start, string? end)
    {
        var range = PlanTimes.ParseCell(cell);

        Assert.NotNull(range);
        Assert.Equal(TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), range.Start);
        Assert.Equal(end is null ? null : TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), range.End);
    }

    [Theory]
    [InlineData("8 học viên")]
    [InlineData("25h00")]
    [InlineData("08h75")]
    [InlineData("Ban Tổ chức")]
    [InlineData("07h15 Đón tiếp")]
    [InlineData("")]
    public void ParseCell_NotJustATime_Null(string cell) => Assert.Null(PlanTimes.ParseCell(cell));

    [Fact]
    public void ParseLeading_NumberedLine_TimeAndTheTextAfterIt()
    {
        var leading = PlanTimes.ParseLeading("14 giờ 00 - 14 giờ 30: Khai mạc hội nghị");

        Assert.NotNull(leading);
        Assert.Equal(new TimeOnly(14, 0), leading.Value.Range.Start);
        Assert.Equal(new TimeOnly(14, 30), leading.Value.Range.End);
        Assert.Equal("Khai mạc hội nghị", leading.Value.After);
    }

    [Theory]
    [InlineData("7 giờ 30, ngày 20/6/2024", "2024-06-20")]
    [InlineData("ngày 20 tháng 6 năm 2024", "2024-06-20")]
    [InlineData("02 ngày, ngày 20 và 21/6/2024", "2024-06-20,2024-06-21")]
    [InlineData("từ ngày 20/6/2024 đến ngày 22/6/2024", "2024-06-20,2024-06-21,2024-06-22")]
    [InlineData("Trong tháng 5/2023", "")]
    [InlineData("ngày 31/02/2024", "")]
    public void Dates_OfficeDateForms_EveryDay(string text, string expected)
    {
        var dates = PlanTimes.Dates(text);

        Assert.Equal(expected, string.Join(',', dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
    }
}
