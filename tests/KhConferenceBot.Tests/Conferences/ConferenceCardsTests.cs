using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Tests.Conferences;

public sealed class ConferenceCardsTests
{
    [Fact]
    public void Stamp_ExecuteWithFallbackAndRefresh_EveryButtonNamesTheConference()
    {
        var card = new AdaptiveCard
        {
            Body = { new ActionSet { Actions = { new ExecuteAction("Tham dự", "rsvp.attend", new { delegateId = "d1" }) } } },
            Actions = { new ExecuteAction("Xem", "question.mine") },
            Refresh = new Refresh(new ExecuteAction(null, "question.refresh"), ["29:a"]),
        }.ToJsonElement();

        var stamped = ConferenceCards.Stamp(card, "nha-trang-2026").GetRawText();

        // Three Action.Execute and their three Action.Submit fallbacks.
        Assert.Equal(6, CountOf(stamped, "\"conferenceId\":\"nha-trang-2026\""));
        Assert.Contains("\"delegateId\":\"d1\"", stamped, StringComparison.Ordinal);
    }

    [Fact]
    public void Stamp_ButtonNamingItsOwnConference_KeepsIt()
    {
        var card = new AdaptiveCard { Actions = { new ExecuteAction("Chọn", "conference.choose", new Dictionary<string, string> { ["conferenceId"] = "khanh-hoa-2023" }) } }.ToJsonElement();

        var stamped = ConferenceCards.Stamp(card, "nha-trang-2026").GetRawText();

        Assert.DoesNotContain("nha-trang-2026", stamped, StringComparison.Ordinal);
    }

    [Fact]
    public void Stamp_CardWithoutButtons_Unchanged()
    {
        var card = JsonSerializer.SerializeToElement(new { type = "AdaptiveCard", body = new[] { new { type = "TextBlock", text = "Action.Execute" } } });

        Assert.Equal(card.GetRawText(), ConferenceCards.Stamp(card, "nha-trang-2026").GetRawText());
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
