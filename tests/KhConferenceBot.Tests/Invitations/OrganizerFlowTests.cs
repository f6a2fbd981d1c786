using System.Net;
using System.Text;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Attendance;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Invitations;

/// <summary>Send, watch and chase: the organizer commands against the real bot, outbox and fake Teams.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrganizerFlowTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Conference = RsvpFlowTests.ConferenceId;
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, time: new FakeTimeProvider(RsvpFlowTests.Start));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IOutbox Outbox => _host.Service<IOutbox>();

    private async Task<int> DelegatesWithTeamsAsync() =>
        (await _host.Service<IDelegateStore>().ListAsync(Conference, CancellationToken.None)).Count(d => !string.IsNullOrEmpty(d.AadObjectId));

    /// <summary>
    /// The bot's reply to an organizer's message. The organizer is a delegate too, so invitations and reminders from
    /// the outbox may land in the same chat in between; those are skipped.
    /// </summary>
    private async Task<RecordedCall> OrganizerSaysAsync(string text)
    {
        var before = _host.Connector.SentTo(TestUsers.Organizer.PersonalConversationId).Count;
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, text))).EnsureSuccessStatusCode();
        bool IsReply(RecordedCall c) => !c.CardJson.Contains("GIẤY", StringComparison.Ordinal) && !c.CardJson.Contains("Nhắc phản hồi", StringComparison.Ordinal);
        await _host.Connector.WaitForAsync(_ => _host.Connector.SentTo(TestUsers.Organizer.PersonalConversationId).Skip(before).Any(IsReply));
        return _host.Connector.SentTo(TestUsers.Organizer.PersonalConversationId).Skip(before).First(IsReply);
    }

    /// <summary>Lê Thị Thu Hà, contact of Thị xã Ninh Hòa, registers two of its three leaders.</summary>
    private Task<System.Text.Json.JsonElement> RegisterTwoLeadersAsync() => _host.InvokeAsync(Activities.Execute(TestUsers.ThuHa, InvitationCards.RegisterVerb, new
    {
        conferenceId = Conference,
        delegateId = RsvpFlowTests.ThuHaId,
        leader1Name = "Nguyễn Văn An",
        leader1Position = "Chủ tịch",
        leader2Name = "Trần Thị Bé",
        leader2Position = "Phó Chủ tịch",
    }));

    private async Task SendAllInvitationsAsync()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.ConfirmVerb, new { group = "" }));
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var expected = await DelegatesWithTeamsAsync();
        await OutboxDriver.RunUntilAsync(_host, OutboxDriver.AllSettled(_host, InvitationService.InvitationPurpose(BotTestHost.SampleId), expected));
    }

    [Fact]
    public async Task SendCommand_ShowsConfirmationWithCounts_NothingQueued()
    {
        var all = await _host.Service<IDelegateStore>().ListAsync(Conference, CancellationToken.None);

        var card = (await OrganizerSaysAsync("gửi thư mời")).CardJson;

        Assert.Contains("Xác nhận gửi", card, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Đại biểu trong phạm vi\",\"value\":\"{all.Count}\"", card, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Triệu tập\",\"value\":\"{all.Count(d => d.Category == KhConferenceBot.Conferences.DelegateCategory.Summoned)}\"", card, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Chưa có tài khoản Teams\",\"value\":\"{all.Count(d => d.AadObjectId is null)}\"", card, StringComparison.Ordinal);
        Assert.Empty(await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None));
    }

    [Fact]
    public async Task SendCommand_WithGroup_CountsOnlyThatGroup()
    {
        var vcci = (await _host.Service<IDelegateStore>().ListAsync(Conference, CancellationToken.None)).Count(d => d.GroupId == "vcci");

        var card = (await OrganizerSaysAsync("gửi thư mời vcci")).CardJson;

        Assert.Contains("Phạm vi: VCCI Khánh Hòa", card, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Đại biểu trong phạm vi\",\"value\":\"{vcci}\"", card, StringComparison.Ordinal);
        Assert.Contains("\"group\":\"vcci\"", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendCommand_UnknownGroup_ListsThePlansGroupsByName()
    {
        var reply = await OrganizerSaysAsync("gửi thư mời nhóm không có");

        Assert.Contains("Không tìm thấy nhóm", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Các nhóm trong kế hoạch: ", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Lãnh đạo UBND các huyện", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("so-nganh", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_QueuesOneRowPerDelegateWithTeams_SecondConfirmAddsNone()
    {
        var expected = await DelegatesWithTeamsAsync();

        var first = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.ConfirmVerb, new { group = "" }));
        var second = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.ConfirmVerb, new { group = "" }));

        var rows = await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None);
        Assert.Equal(expected, rows.Count);
        Assert.Equal(expected, rows.Select(r => r.RecipientKey).Distinct().Count());
        Assert.Contains($"\"title\":\"Mới đưa vào hàng gửi\",\"value\":\"{expected}\"", first.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Mới đưa vào hàng gửi\",\"value\":\"0\"", second.GetProperty("value").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_ByNonOrganizer_RefusedNothingQueued()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, OrganizerCards.ConfirmVerb, new { group = "" }));

        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Empty(await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None));
    }

    [Fact]
    public async Task SendCommand_ByNonOrganizer_Refused()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "gửi thư mời"))).EnsureSuccessStatusCode();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId);
        Assert.Contains("chỉ dành cho Ban Tổ chức", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ShowsInvitationAsFirstRecipientSeesIt()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.PreviewVerb, new { group = "vcci" }));

        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var preview = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("Trân trọng kính mời", StringComparison.Ordinal));
        Assert.Contains("Phạm Minh Tuấn", preview.CardJson, StringComparison.Ordinal);
        Assert.Empty(await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None));
    }

    [Fact]
    public async Task Preview_ButtonPressedByOrganizer_SaysItIsAPreviewNothingStored()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, OrganizerCards.PreviewVerb, new { group = "vcci" }));
        var preview = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("Trân trọng kính mời", StringComparison.Ordinal));
        var data = System.Text.Json.JsonDocument.Parse(preview.CardJson).RootElement.GetProperty("actions").EnumerateArray()
            .First(a => a.TryGetProperty("verb", out var v) && v.GetString() == InvitationCards.AttendVerb).GetProperty("data").Clone();

        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, InvitationCards.AttendVerb, data));

        Assert.Contains("Đây là bản xem trước", body.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _host.Service<IRsvpStore>().ListAsync(Conference, CancellationToken.None));
    }

    [Fact]
    public async Task Invitation_Delivered_AnswerUpdatesTheDeliveredMessage()
    {
        await SendAllInvitationsAsync();
        var entry = await Outbox.GetAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), RsvpFlowTests.HungId, CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
        var delivered = _host.Connector.Sends.Single(c => c.ConversationId == entry.ConversationId && c.CardJson.Contains("GIẤY TRIỆU TẬP", StringComparison.Ordinal));
        Assert.Contains("Nguyễn Văn Hùng", delivered.CardJson, StringComparison.Ordinal);

        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));

        var update = await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == entry.ActivityId);
        Assert.Contains("Đổi câu trả lời", update.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_CountsAnswersHeadcountAndNonResponders()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));
        await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, InvitationCards.DeclineVerb, RsvpFlowTests.Data(RsvpFlowTests.TuanId)));
        await RegisterTwoLeadersAsync();
        var conference = await _host.SampleConferenceAsync();
        var people = (await _host.Service<IDelegateStore>().ListAsync(Conference, CancellationToken.None))
            .Where(d => d.SubstituteForId is null && !DistrictRegistration.IsContact(conference, d)).ToList();

        var card = (await OrganizerSaysAsync("tình hình")).CardJson;

        Assert.Contains($"\"title\":\"Đại biểu trong danh sách\",\"value\":\"{people.Count}\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Tham dự\",\"value\":\"1\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Không tham dự\",\"value\":\"1\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Lãnh đạo địa phương đăng ký\",\"value\":\"2\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Dự kiến có mặt / sức chứa\",\"value\":\"3 / 200\"", card, StringComparison.Ordinal); // Hùng + 2 leaders
        Assert.Contains("Võ Thị Ngọc Lan", card, StringComparison.Ordinal); // has not answered
        Assert.DoesNotContain("Nguyễn Văn Hùng", card, StringComparison.Ordinal);
        Assert.DoesNotContain("vượt sức chứa", card, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Facts(string cardJson) =>
        System.Text.Json.JsonDocument.Parse(cardJson).RootElement.GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "FactSet")
            .SelectMany(f => f.GetProperty("facts").EnumerateArray())
            .GroupBy(f => f.GetProperty("title").GetString()!)
            .ToDictionary(g => g.Key, g => g.First().GetProperty("value").GetString()!);

    [Fact]
    public async Task Status_EveryDelegateInExactlyOneColumn_LocalitySlotsShown()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));
        await RegisterTwoLeadersAsync();

        var facts = Facts((await OrganizerSaysAsync("tình hình")).CardJson);

        int F(string title) => int.Parse(facts[title], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(F("Đại biểu trong danh sách"), F("Tham dự") + F("Cử người dự thay") + F("Không tham dự") + F("Lãnh đạo địa phương đăng ký") + F("Chưa phản hồi"));
        var conference = await _host.SampleConferenceAsync();
        var localities = (await _host.Service<IDelegateStore>().ListAsync(Conference, CancellationToken.None)).Count(d => DistrictRegistration.IsContact(conference, d));
        Assert.Equal($"1 / {localities}", facts["Địa phương đã đăng ký lãnh đạo"]);
        Assert.Equal("2 / 3", facts["Thị xã Ninh Hòa"]);
        var groupLines = facts.Where(f => f.Value.Contains(" · ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(groupLines);
        Assert.All(groupLines, line =>
        {
            var parts = line.Value.Split(" / ");
            Assert.Equal(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[0].Split(" · ").Sum(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)));
        });
        Assert.DoesNotContain(groupLines, line => line.Value.StartsWith("0 · 0 · 0 · 0 · 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendCommand_Headline_LeadsWithWhoReceivesItInTeams()
    {
        var withTeams = await DelegatesWithTeamsAsync();

        var card = (await OrganizerSaysAsync("gửi thư mời")).CardJson;

        Assert.Contains($"Bot sẽ gửi tới **{withTeams}** đại biểu có tài khoản Teams", card, StringComparison.Ordinal);
        Assert.Equal(withTeams.ToString(System.Globalization.CultureInfo.InvariantCulture), Facts(card)["Nhận qua Teams"]);
    }

    [Fact]
    public async Task Status_DeliveryFailure_ListedWithReason()
    {
        _host.Connector.FailNext(403, "BotNotInConversationRoster");
        for (var i = 0; i < 10; i++)
        {
            _host.Connector.FailNext(403, "BotNotInConversationRoster");
        }

        await SendAllInvitationsAsync();
        var failed = (await Outbox.ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None)).Where(e => e.State == OutboxState.Failed).ToList();
        Assert.NotEmpty(failed);

        var card = (await OrganizerSaysAsync("status")).CardJson;

        // Organizers know people by name and unit, not by e-mail and error code.
        var person = await _host.Service<IDelegateStore>().GetAsync(Conference, failed[0].RecipientKey, CancellationToken.None);
        Assert.Contains("Gửi không thành công", card, StringComparison.Ordinal);
        Assert.Contains(person!.Name, card, StringComparison.Ordinal);
        Assert.Contains("chưa cài ứng dụng", card, StringComparison.Ordinal);
        Assert.DoesNotContain(failed[0].RecipientKey, card, StringComparison.Ordinal);
        Assert.DoesNotContain("BotNotInConversationRoster", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remind_OnlyInvitedNonResponders_OncePerCall()
    {
        await SendAllInvitationsAsync();
        _host.Time.Advance(TimeSpan.FromHours(12));
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));
        var expected = (await _host.Service<InvitationService>().ReminderTargetsAsync(await _host.SampleConferenceAsync(), CancellationToken.None))
            .Select(d => d.Id).Order(StringComparer.Ordinal).ToList();

        var first = await OrganizerSaysAsync("nhắc");
        var second = await OrganizerSaysAsync("remind");

        var round1 = await Outbox.ListAsync(InvitationService.ReminderPurpose(BotTestHost.SampleId, 1), CancellationToken.None);
        var round2 = await Outbox.ListAsync(InvitationService.ReminderPurpose(BotTestHost.SampleId, 2), CancellationToken.None);
        Assert.Equal(expected, round1.Select(r => r.RecipientKey).Order(StringComparer.Ordinal));
        Assert.Equal(expected, round2.Select(r => r.RecipientKey).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(RsvpFlowTests.HungId, expected);
        Assert.Contains(RsvpFlowTests.TuanId, expected);
        Assert.All(expected, id => Assert.Single(round1, r => r.RecipientKey == id));
        Assert.Contains($"Đã đưa {expected.Count} lời nhắc (đợt 1)", first.Text, StringComparison.Ordinal);
        Assert.Contains($"Đã đưa {expected.Count} lời nhắc (đợt 2)", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remind_InvitationDeliveredMinutesAgo_NotRemindedUntilTwelveHoursLater()
    {
        await SendAllInvitationsAsync();

        var early = await OrganizerSaysAsync("nhắc");
        var queuedEarly = await Outbox.ListAsync(InvitationService.ReminderPurpose(BotTestHost.SampleId, 1), CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromHours(12));
        var later = await OrganizerSaysAsync("nhắc");

        Assert.Contains("Không có ai cần nhắc", early.Text, StringComparison.Ordinal);
        Assert.Contains("nhận giấy mời chưa đủ 12 giờ nên chưa được nhắc", early.Text, StringComparison.Ordinal);
        Assert.Empty(queuedEarly);
        Assert.Contains("Đã đưa", later.Text, StringComparison.Ordinal);
        Assert.NotEmpty(await Outbox.ListAsync(InvitationService.ReminderPurpose(BotTestHost.SampleId, 1), CancellationToken.None));
    }

    [Fact]
    public async Task AutoReminder_InvitationSentInsideWindow_WaitsTwelveHoursAfterDelivery()
    {
        var conference = await _host.SampleConferenceAsync();
        _host.Time.SetUtcNow(conference.EffectiveRsvpDeadline - TimeSpan.FromHours(20));
        await SendAllInvitationsAsync();
        var reminder = _host.Service<AutoReminderService>();

        var rightAfter = await reminder.RunOnceAsync(CancellationToken.None);
        _host.Time.Advance(TimeSpan.FromHours(12));
        await reminder.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, rightAfter);
        Assert.NotEmpty(await Outbox.ListAsync(InvitationService.AutoReminderPurpose(BotTestHost.SampleId), CancellationToken.None));
    }

    [Fact]
    public async Task Reminder_PointsToTheInvitationWithoutAnswerButtons_UpdatedWhenTheyAnswer()
    {
        await SendAllInvitationsAsync();
        _host.Time.Advance(TimeSpan.FromHours(12));
        await OrganizerSaysAsync("nhắc");
        var purpose = InvitationService.ReminderPurpose(BotTestHost.SampleId, 1);
        var expected = (await Outbox.ListAsync(purpose, CancellationToken.None)).Count;
        await OutboxDriver.RunUntilAsync(_host, OutboxDriver.AllSettled(_host, purpose, expected));
        var entry = await Outbox.GetAsync(purpose, RsvpFlowTests.HungId, CancellationToken.None);
        var sent = _host.Connector.Sends.Single(c => c.ConversationId == entry!.ConversationId && c.CardJson.Contains("Nhắc phản hồi", StringComparison.Ordinal));

        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));

        Assert.Contains("giấy triệu tập gửi lúc", sent.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain("rsvp.", sent.CardJson, StringComparison.Ordinal);
        var update = await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == entry!.ActivityId);
        Assert.Contains("Ban Tổ chức đã nhận phản hồi của Quý đại biểu: **Tham dự**", update.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain("chưa nhận được phản hồi", update.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendCommand_PlanCard_SaysWhoIsRemindedAndWhen()
    {
        var card = (await OrganizerSaysAsync("gửi thư mời")).CardJson;

        Assert.Contains("đã nhận giấy mời ít nhất 12 giờ", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remind_BeforeAnyInvitationSent_NobodyReminded()
    {
        var reply = await OrganizerSaysAsync("nhắc");

        Assert.Contains("Không có ai cần nhắc", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await Outbox.ListAsync(InvitationService.ReminderPurpose(BotTestHost.SampleId, 1), CancellationToken.None));
    }

    [Fact]
    public async Task AutoReminder_OutsideWindow_None_InsideWindow_OnceEvenIfRunTwice()
    {
        await SendAllInvitationsAsync();
        var reminder = _host.Service<AutoReminderService>();

        var conference = await _host.SampleConferenceAsync();

        Assert.Equal(0, await reminder.RunOnceAsync(CancellationToken.None)); // 27 Nov: more than 24 h before the deadline
        Assert.Empty(await Outbox.ListAsync(InvitationService.AutoReminderPurpose(BotTestHost.SampleId), CancellationToken.None));

        // Moving the clock also wakes the hosted loop, which may queue first: like a second instance, it must not double up.
        _host.Time.SetUtcNow(conference.EffectiveRsvpDeadline - TimeSpan.FromHours(2));
        var targets = await _host.Service<InvitationService>().ReminderTargetsAsync(conference, CancellationToken.None);
        await reminder.RunOnceAsync(CancellationToken.None);
        var again = await reminder.RunOnceAsync(CancellationToken.None);

        Assert.NotEmpty(targets);
        Assert.Equal(0, again);
        var rows = await Outbox.ListAsync(InvitationService.AutoReminderPurpose(BotTestHost.SampleId), CancellationToken.None);
        Assert.Equal(targets.Select(t => t.Id).Order(StringComparer.Ordinal), rows.Select(r => r.RecipientKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CalendarFile_ServedAsUtf8ICalendar()
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync(new Uri("/conferences/khanh-hoa-2023/calendar.ics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART:20261201T001500Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20261201T043000Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Hội trường khách sạn tại thành phố Nha Trang", text.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
