using KhConferenceBot.Workspace.Components;

namespace KhConferenceBot.Tests.Workspace;

public sealed class TeamsMarkdownTests
{
    [Fact]
    public void Lines_ReminderWithBoldMarksAndBlankLines_BoldRunsOneLineEach()
    {
        var lines = TeamsMarkdown.Lines("🔔 **Nhắc lịch Hội nghị**\n\nBắt đầu lúc **08h00** tại Nha Trang.");

        Assert.Equal(2, lines.Count);
        Assert.Equal([new TextRun("🔔 ", false), new TextRun("Nhắc lịch Hội nghị", true)], lines[0]);
        Assert.Equal([new TextRun("Bắt đầu lúc ", false), new TextRun("08h00", true), new TextRun(" tại Nha Trang.", false)], lines[1]);
        Assert.DoesNotContain(lines.SelectMany(l => l), r => r.Text.Contains("**", StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_UnclosedMark_KeptAsWrittenAndPlain()
    {
        var line = Assert.Single(TeamsMarkdown.Lines("Giá **5 * 3 = 15"));

        Assert.Equal([new TextRun("Giá ", false), new TextRun("**5 * 3 = 15", false)], line);
    }

    [Fact]
    public void Lines_NullOrEmpty_NoLines() => Assert.Empty(TeamsMarkdown.Lines(null));
}
