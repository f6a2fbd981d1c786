using KhConferenceBot.Conferences;

namespace KhConferenceBot.Tests.Conferences;

public sealed class AgendaTimeTests
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    [Fact]
    public void FormatAt_UtcInstant_LocalTimeWithHoursMarkThenDayAndMonth()
    {
        Assert.Equal("22h38 30/11", AgendaTime.FormatAt(new DateTimeOffset(2026, 11, 30, 15, 38, 0, TimeSpan.Zero), Vietnam));
    }

    [Fact]
    public void FormatAt_AfterLocalMidnight_NextLocalDay()
    {
        Assert.Equal("00h05 01/12", AgendaTime.FormatAt(new DateTimeOffset(2026, 11, 30, 17, 5, 0, TimeSpan.Zero), Vietnam));
    }
}
