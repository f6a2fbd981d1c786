using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Features.Agenda;

namespace KhConferenceBot.Tests.Agenda;

public sealed class ScheduleChangerTests
{
    private static readonly TimeOnly DayStart = new(6, 0);
    private static readonly TimeOnly DayEnd = new(22, 0);

    private static ScheduleChangeResult Apply(string item, string? start = null, string? end = null, bool shift = false, bool cancel = false, string? presenter = null) =>
        ScheduleChanger.Apply(AgendaRenderingTests.Sample(), new ScheduleChangeRequest(item, start, end, presenter, cancel, shift, "Lý do"), DayStart, DayEnd);

    [Fact]
    public void Apply_LaterStartWithShift_MovesItemAndEveryFollowingItem()
    {
        var result = Apply("indices-report", start: "08h45", shift: true);

        Assert.False(result.IsRefused);
        var c = result.Updated!;
        Assert.Equal("08h45 - 10h15", c.FindItem("indices-report")!.TimeRange);
        Assert.Equal("10h15 - 10h30", c.FindItem("break")!.TimeRange);
        Assert.Equal("11h30 - 11h45", c.FindItem("closing")!.TimeRange);
        Assert.Equal("08h30 - 10h00", result.Changes.Single(r => r.ItemId == "indices-report").OldRange);
        Assert.Equal(5, result.Changes.Count);
    }

    [Fact]
    public void Apply_AnyChange_BumpsTheRevisionOfTheCopyOnly()
    {
        var original = AgendaRenderingTests.Sample();
        original.Revision = 2;

        var moved = ScheduleChanger.Apply(original, new ScheduleChangeRequest("indices-report", "08h45", null, null, false, true, null), DayStart, DayEnd);
        var cancelled = ScheduleChanger.Apply(original, new ScheduleChangeRequest("break", null, null, null, true, false, null), DayStart, DayEnd);
        var refused = ScheduleChanger.Apply(original, new ScheduleChangeRequest("indices-report", "25h00", null, null, false, false, null), DayStart, DayEnd);

        Assert.Equal(3, moved.Updated!.Revision);
        Assert.Equal(3, cancelled.Updated!.Revision);
        Assert.True(refused.IsRefused);
        Assert.Equal(2, original.Revision);
    }

    [Fact]
    public void Apply_ShorterEndWithoutShift_MovesOnlyThatItem()
    {
        var result = Apply("indices-report", end: "09h45");

        Assert.False(result.IsRefused);
        Assert.Equal("08h30 - 09h45", result.Updated!.FindItem("indices-report")!.TimeRange);
        Assert.Equal("10h00 - 10h15", result.Updated.FindItem("break")!.TimeRange);
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Apply_EarlierEndWithShift_PullsFollowingItemsEarlier()
    {
        var result = Apply("indices-report", end: "09:45", shift: true);

        Assert.Equal("09h45 - 10h00", result.Updated!.FindItem("break")!.TimeRange);
    }

    [Fact]
    public void Apply_OverlapWithNextWithoutShift_IsRefused()
    {
        var result = Apply("indices-report", start: "08h45");

        Assert.True(result.IsRefused);
        Assert.Contains("trùng với mục sau", result.Refusal(Language.Vi), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OverlapWithPrevious_IsRefused()
    {
        var result = Apply("indices-report", start: "08h20", shift: true);

        Assert.True(result.IsRefused);
        Assert.Contains("trùng với mục trước", result.Refusal(Language.Vi), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EndBeforeStart_IsRefused()
    {
        var result = Apply("closing", start: "11h20", end: "11h15");

        Assert.True(result.IsRefused);
        Assert.Contains("phải sau giờ bắt đầu", result.Refusal(Language.Vi), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("welcome", "05h30", "06h30", false)]
    [InlineData("closing", "21h50", "22h10", false)]
    [InlineData("closing", "23h50", null, false)]
    [InlineData("indices-report", null, "21h00", true)]
    public void Apply_OutsideTheDay_IsRefused(string item, string? start, string? end, bool shift)
    {
        var result = Apply(item, start, end, shift);

        Assert.True(result.IsRefused);
        Assert.Contains("trong ngày họp", result.Refusal(Language.Vi), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-item", "08h00", "Không tìm thấy")]
    [InlineData("closing", "25h00", "không hợp lệ")]
    [InlineData("closing", null, "Không có gì thay đổi")]
    public void Apply_BadInput_IsRefusedInVietnamese(string item, string? start, string expected)
    {
        var result = Apply(item, start);

        Assert.True(result.IsRefused);
        Assert.Contains(expected, result.Refusal(Language.Vi), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Cancel_MarksCancelledAndLeavesOriginalUntouched()
    {
        var original = AgendaRenderingTests.Sample();
        var result = ScheduleChanger.Apply(original, new ScheduleChangeRequest("directions", null, null, null, Cancel: true, ShiftFollowing: false, null), DayStart, DayEnd);

        Assert.True(result.Updated!.FindItem("directions")!.Cancelled);
        Assert.False(original.FindItem("directions")!.Cancelled);
    }
}
