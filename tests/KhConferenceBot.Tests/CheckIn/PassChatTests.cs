using System.Buffers.Binary;
using System.Text.Json;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>The pass in Teams: with the confirmation, on request, and the card's own check-in with the hall code.</summary>
[Collection(StorageCollection.Name)]
public sealed class PassChatTests(AzuriteFixture storage) : IAsyncLifetime
{
    /// <summary>While answers are still taken (the deadline is 29 Nov 23:59 in Viet Nam).</summary>
    private static readonly DateTimeOffset BeforeDeadline = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, time: new FakeTimeProvider(BeforeDeadline));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Attend_OnInvitationCard_ConfirmationCarriesPassWithQrImage()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, new { conferenceId = ConferenceId, delegateId = HungId }));

        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var sent = await _host.Connector.WaitForAsync(c => c.CardJson.Contains("THẺ DỰ HỘI NGHỊ", StringComparison.Ordinal));
        var pass = await _host.Service<PassService>().GetOrIssueAsync(await ConferenceAsync(_host), HungId, CancellationToken.None);
        Assert.Contains(PassCard.Spaced(pass!.Code), sent.CardJson, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Văn Hùng", sent.CardJson, StringComparison.Ordinal);
        var png = QrPngOf(sent.CardJson);
        var (width, height) = PngSize(png);
        Assert.InRange(width, 100, 1024);
        Assert.Equal(width, height);
        Assert.True(png.Length < 1024 * 1024);
    }

    [Fact]
    public async Task PassCommand_ConfirmedDelegate_SendsPass_StrangerToldWhy()
    {
        await AnswerAsync(_host, HungId, RsvpAnswer.Attend);

        await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "thẻ dự hội nghị"));
        await _host.PostAsync(Activities.PersonalMessage(TestUsers.Tuan, "the du hoi nghi"));

        Assert.Contains(_host.Connector.SentTo(TestUsers.Hung.PersonalConversationId), c => c.CardJson.Contains("THẺ DỰ HỘI NGHỊ", StringComparison.Ordinal));
        Assert.Contains(_host.Connector.SentTo(TestUsers.Tuan.PersonalConversationId), c => c.Text.Contains("chưa có thẻ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SelfCheckIn_CurrentHallCode_CheckedInAndCardSaysSo()
    {
        await AnswerAsync(_host, HungId, RsvpAnswer.Attend);
        var hall = await _host.Service<CheckInService>().CurrentHallCodeAsync(await ConferenceAsync(_host), CancellationToken.None);

        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, PassCard.SelfCheckInVerb, new Dictionary<string, string> { ["conferenceId"] = ConferenceId, [PassCard.HallCodeInput] = hall.Code }));

        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("Đã điểm danh", body.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        var row = await _host.Service<CheckInStore>().GetCheckInAsync(ConferenceId, HungId, CancellationToken.None);
        Assert.Equal(CheckInMethod.SelfHallCode, row!.Method);
    }

    [Fact]
    public async Task SelfCheckIn_HallCodeFromTenMinutesAgo_RefusedAfterRotation()
    {
        await AnswerAsync(_host, HungId, RsvpAnswer.Attend);
        var conference = await ConferenceAsync(_host);
        var first = await _host.Service<CheckInService>().CurrentHallCodeAsync(conference, CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromMinutes(10));
        var now = await _host.Service<CheckInService>().CurrentHallCodeAsync(conference, CancellationToken.None);

        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, PassCard.SelfCheckInVerb, new Dictionary<string, string> { ["conferenceId"] = ConferenceId, [PassCard.HallCodeInput] = first.Code }));

        Assert.NotEqual(first.Code, now.Code);
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("Mã hội trường không đúng", body.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await _host.Service<CheckInStore>().GetCheckInAsync(ConferenceId, HungId, CancellationToken.None));
    }

    [Fact]
    public async Task SelfCheckIn_NotConfirmedOrOtherConference_Refused()
    {
        var hall = await _host.Service<CheckInService>().CurrentHallCodeAsync(await ConferenceAsync(_host), CancellationToken.None);

        var notConfirmed = await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, PassCard.SelfCheckInVerb, new Dictionary<string, string> { ["conferenceId"] = ConferenceId, [PassCard.HallCodeInput] = hall.Code }));
        var otherConference = await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, PassCard.SelfCheckInVerb, new Dictionary<string, string> { ["conferenceId"] = "hoi-nghi-khac", [PassCard.HallCodeInput] = hall.Code }));

        Assert.Equal(400, notConfirmed.GetProperty("statusCode").GetInt32());
        Assert.Contains("chưa xác nhận tham dự", notConfirmed.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, otherConference.GetProperty("statusCode").GetInt32());
    }

    internal static byte[] QrPngOf(string cardJson)
    {
        using var card = JsonDocument.Parse(cardJson);
        var image = card.RootElement.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Image");
        var url = image.GetProperty("url").GetString()!;
        Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(image.GetProperty("altText").GetString()));
        return Convert.FromBase64String(url["data:image/png;base64,".Length..]);
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
