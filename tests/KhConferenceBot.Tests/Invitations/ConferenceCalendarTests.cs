using System.Text;
using KhConferenceBot.Features.Invitations;
using static KhConferenceBot.Tests.Attendance.RsvpTestData;

namespace KhConferenceBot.Tests.Invitations;

public sealed class ConferenceCalendarTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 25, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public void Build_HasEventWithUtcTimes()
    {
        var ics = ConferenceCalendar.Build(Conference(), Stamp);

        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nUID:khanh-hoa-2023@khconferencebot\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20261125T010203Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART:20261201T001500Z\r\n", ics, StringComparison.Ordinal); // 07h15 in Viet Nam (UTC+7)
        Assert.Contains("\r\nDTEND:20261201T043000Z\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EveryLineCrlfAndAtMost75Octets()
    {
        var ics = ConferenceCalendar.Build(Conference(), Stamp);

        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains("\r\n ", ics, StringComparison.Ordinal); // the long description was folded
    }

    [Fact]
    public void Build_UnfoldedText_RoundTripsVietnameseAndEscapes()
    {
        var ics = ConferenceCalendar.Build(Conference(), Stamp);
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);

        Assert.Contains("LOCATION:Hội trường khách sạn\\, Nha Trang\\; tầng 2\\, phòng A\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\\n08h05 - 08h15: Phát biểu khai mạc Hội nghị", unfolded, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Hội nghị Chỉ số 2022\r\n", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AsPlanned_SequenceZeroAndNoLastModified()
    {
        var ics = ConferenceCalendar.Build(Conference(), Stamp);

        Assert.Contains("\r\nSEQUENCE:0\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("LAST-MODIFIED", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AfterScheduleChanges_SequenceAndLastModifiedFollowTheRevision()
    {
        var conference = Conference();
        conference.Revision = 3;
        conference.RevisedAt = new DateTimeOffset(2026, 11, 30, 8, 15, 30, TimeSpan.Zero);

        var ics = ConferenceCalendar.Build(conference, Stamp);

        // A calendar app replaces the event it already has only when SEQUENCE grows (RFC 5546 §2.1.4).
        Assert.Contains("\r\nSEQUENCE:3\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nLAST-MODIFIED:20261130T081530Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nUID:khanh-hoa-2023@khconferencebot\r\n", ics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b", "a\\,b")]
    [InlineData("a;b", "a\\;b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\r\nb\nc", "a\\nb\\nc")]
    public void Escape_SpecialCharacters(string input, string expected) => Assert.Equal(expected, ConferenceCalendar.Escape(input));
}
