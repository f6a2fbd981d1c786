using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Agenda;

public sealed class AgendaRenderingTests
{
    internal static Conference Sample()
    {
        var conference = SampleConference.Load();
        conference.Date = BotTestHost.ConferenceDate;
        return conference;
    }

    [Fact]
    public void Render_SampleAgenda_ContainsEveryItemWithPlanTimesVenueAndDate()
    {
        var conference = Sample();
        var json = AgendaCard.Render(conference, Language.Vi, AgendaSnapshot.At(conference, ClockDriver.Local(6, 0))).GetRawText();
        var text = JsonSerializer.Deserialize<JsonElement>(json).ToString();

        foreach (var item in conference.Agenda)
        {
            Assert.Contains(item.TimeRange, json, StringComparison.Ordinal);
            Assert.Contains(item.Content.Vi, text, StringComparison.Ordinal);
        }

        Assert.Contains("08h00 - 08h05", json, StringComparison.Ordinal);
        Assert.Contains("Nghỉ giải lao", text, StringComparison.Ordinal);
        Assert.Contains(conference.Venue.Vi, text, StringComparison.Ordinal);
        Assert.Contains("Thứ Ba, ngày 01 tháng 12 năm 2026", text, StringComparison.Ordinal);
        Assert.Contains("\"version\":\"1.5\"", json, StringComparison.Ordinal);
        Assert.Contains("\"width\":\"auto\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, 0, null, "welcome")]
    [InlineData(7, 15, "welcome", "introduction")]
    [InlineData(8, 0, "introduction", "opening")]
    [InlineData(8, 4, "introduction", "opening")]
    [InlineData(8, 5, "opening", "directions")]
    [InlineData(9, 59, "indices-report", "break")]
    [InlineData(10, 5, "break", "sipas-report")]
    [InlineData(10, 15, "sipas-report", "discussion")]
    [InlineData(11, 20, "closing", null)]
    [InlineData(11, 30, null, null)]
    public void Snapshot_AcrossTheDay_NowAndNextFollowTheClock(int hour, int minute, string? now, string? next)
    {
        var snapshot = AgendaSnapshot.At(Sample(), ClockDriver.Local(hour, minute));

        Assert.Equal(now, snapshot.NowItemId);
        Assert.Equal(next, snapshot.NextItemId);
    }

    [Fact]
    public void Snapshot_EveryMinuteOfTheDay_AtMostOneNowAndItemsBeforeItAreOver()
    {
        var conference = Sample();
        for (var t = ClockDriver.Local(6, 0); t <= ClockDriver.Local(12, 0); t = t.AddMinutes(1))
        {
            var snapshot = AgendaSnapshot.At(conference, t);
            Assert.True(snapshot.States.Count(s => s.Value == AgendaItemState.Now) <= 1);
            foreach (var item in conference.Agenda.Where(a => conference.At(a.End) <= t))
            {
                Assert.Equal(AgendaItemState.Over, snapshot.StateOf(item.Id));
            }
        }
    }

    [Fact]
    public void Render_DuringAnItem_MarksOverNowNextAndCancelled()
    {
        var conference = Sample();
        conference.FindItem("directions")!.Cancelled = true;
        var json = AgendaCard.Render(conference, Language.Vi, AgendaSnapshot.At(conference, ClockDriver.Local(8, 10))).GetRawText();
        var text = JsonSerializer.Deserialize<JsonElement>(json).ToString();

        Assert.Contains("✓ Đã xong", text, StringComparison.Ordinal);
        Assert.Contains("● Đang diễn ra", text, StringComparison.Ordinal);
        Assert.Contains("Tiếp theo", text, StringComparison.Ordinal);
        Assert.Contains("Đã hủy", text, StringComparison.Ordinal);
        Assert.Contains("\"strikethrough\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"style\":\"good\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameState_GivesIdenticalJson()
    {
        var conference = Sample();
        var a = AgendaCard.Render(conference, Language.Vi, AgendaSnapshot.At(conference, ClockDriver.Local(8, 1))).GetRawText();
        var b = AgendaCard.Render(conference, Language.Vi, AgendaSnapshot.At(conference, ClockDriver.Local(8, 4))).GetRawText();
        var c = AgendaCard.Render(conference, Language.Vi, AgendaSnapshot.At(conference, ClockDriver.Local(8, 5))).GetRawText();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
