using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;

namespace KhConferenceBot.Tests.Agenda;

/// <summary>The notice a whole-plan edit gives: what was removed, added, renamed, and a new day and venue, Vietnamese first.</summary>
public sealed class ScheduleChangeNoticeTests
{
    [Fact]
    public void GroupChatText_PlanEditWithRemovedAddedRenamedItemsNewDayAndVenue_NamesEachChange()
    {
        var before = AgendaRenderingTests.Sample();
        var after = ScheduleChanger.Clone(before);
        after.Date = before.Date.AddDays(1);
        after.Venue = new BilingualText("Hội trường UBND tỉnh", "Provincial People's Committee hall");
        after.Agenda.RemoveAll(a => a.Id == "break");
        after.FindItem("closing")!.Content = new BilingualText("Kết luận của Chủ tịch UBND tỉnh", "");
        after.Agenda.Add(new AgendaItem { Id = "photo", Start = new TimeOnly(11, 30), End = new TimeOnly(11, 40), Content = new BilingualText("Chụp ảnh lưu niệm", "") });
        ChangedRow[] rows = [new("closing", "11h15 - 11h30", false), new("photo", "", false), new("break", "10h00 - 10h15", false)];

        var notice = new ScheduleChangeNotice(before, after, rows, "  Lãnh đạo tỉnh bận việc đột xuất ");
        var text = notice.GroupChatText(Language.Vi);

        Assert.Contains($"Ngày họp: ~~{before.FormatDayOfWeekDate(Language.Vi)}~~ → **{after.FormatDayOfWeekDate(Language.Vi)}**", text, StringComparison.Ordinal);
        Assert.Contains("Địa điểm: ~~Hội trường khách sạn tại thành phố Nha Trang~~ → **Hội trường UBND tỉnh**", text, StringComparison.Ordinal);
        Assert.Contains("- Nghỉ giải lao (10h00 - 10h15): **đã bỏ khỏi chương trình**", text, StringComparison.Ordinal);
        Assert.Contains("- Chụp ảnh lưu niệm: **11h30 - 11h40** (mục mới)", text, StringComparison.Ordinal);
        Assert.Contains("- Kết luận của Chủ tịch UBND tỉnh: 11h15 - 11h30; trước đây: “Phát biểu kết luận Hội nghị”", text, StringComparison.Ordinal);
        Assert.Contains("Lý do: Lãnh đạo tỉnh bận việc đột xuất", text, StringComparison.Ordinal);
        Assert.True(notice.TellsDelegates);
        Assert.StartsWith($"📢 **{after.ShortName.Vi}**: thời gian hội nghị thay đổi từ ~~07h15, {before.FormatDayOfWeekDate(Language.Vi)}~~ sang **07h15, {after.FormatDayOfWeekDate(Language.Vi)}**", notice.DelegateText(), StringComparison.Ordinal);
        Assert.Contains("Địa điểm mới: **Hội trường UBND tỉnh**", notice.DelegateText(), StringComparison.Ordinal);
    }

    [Fact]
    public void DelegateText_OnlyAPresenterChanged_NullSoNoOneIsMessaged()
    {
        var before = AgendaRenderingTests.Sample();
        var after = ScheduleChanger.Clone(before);
        after.FindItem("opening")!.Presenter = new BilingualText("Phó Chủ tịch UBND tỉnh", "");

        var notice = new ScheduleChangeNotice(before, after, [new ChangedRow("opening", "08h05 - 08h15", false)], null);

        Assert.False(notice.TellsDelegates);
        Assert.Null(notice.DelegateText());
        Assert.Contains("người trình bày: **Phó Chủ tịch UBND tỉnh**", notice.GroupChatText(Language.Vi), StringComparison.Ordinal);
        Assert.Contains("presenter: **Phó Chủ tịch UBND tỉnh**", notice.GroupChatText(Language.En), StringComparison.Ordinal);
    }
}
