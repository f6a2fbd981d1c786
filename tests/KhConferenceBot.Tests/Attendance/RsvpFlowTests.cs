using System.Text.Json;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Attendance;

/// <summary>The invitation buttons against the real bot: identity from Teams, data only names the invitation.</summary>
[Collection(StorageCollection.Name)]
public sealed class RsvpFlowTests(AzuriteFixture storage) : IAsyncLifetime
{
    public const string ConferenceId = "khanh-hoa-2023";
    public const string HungId = "hung.nguyen@khanhhoa.example";
    public const string TuanId = "tuan.pham@khanhhoa.example";
    public const string ThuHaId = "thuha.le@khanhhoa.example";

    /// <summary>Three days before the RSVP deadline (29 Nov 23:59 in Viet Nam).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, time: new FakeTimeProvider(Start));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static object Data(string delegateId, string conferenceId = ConferenceId) => new { conferenceId, delegateId };

    [Fact]
    public async Task Attend_OwnInvitation_ReturnsUpdatedCardAndStoresAnswer()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(HungId)));

        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var card = body.GetProperty("value").GetRawText();
        Assert.Contains("Ban Tổ chức đã nhận phản hồi", card, StringComparison.Ordinal);
        Assert.Contains("Đổi câu trả lời", card, StringComparison.Ordinal);
        Assert.Contains("09h00, ngày 27 tháng 11 năm 2026", card, StringComparison.Ordinal);
        var stored = await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None);
        Assert.Equal(RsvpAnswer.Attend, stored!.Answer);
    }

    [Fact]
    public async Task Attend_ClickedTwice_SameStoredRowNoSecondUpdate()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(HungId), replyToId: "m-invite"));
        var first = await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None);
        await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == "m-invite");
        _host.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(HungId), replyToId: "m-invite"));

        Assert.Equal(200, again.GetProperty("statusCode").GetInt32());
        var second = await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None);
        Assert.Equal(first!.ETag, second!.ETag);
        Assert.Equal(first.AnsweredAt, second.AnsweredAt);
        Assert.Single(_host.Connector.Updates, c => c.ActivityId == "m-invite");
    }

    [Fact]
    public async Task Attend_OtherDelegatesId_Refused()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(TuanId)));

        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("đại biểu khác", body.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await _host.Service<IRsvpStore>().GetAsync(ConferenceId, TuanId, CancellationToken.None));
        Assert.Null(await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None));
    }

    [Fact]
    public async Task Attend_OtherConferenceId_Refused()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(HungId, "other-conference")));

        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Null(await _host.Service<IRsvpStore>().GetAsync("other-conference", HungId, CancellationToken.None));
        Assert.Null(await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None));
    }

    [Fact]
    public async Task Attend_Stranger_Refused()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Stranger, InvitationCards.AttendVerb, Data(HungId)));

        // Refused by the router already: the card's conference is not the stranger's (neither delegate nor organizer of it).
        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("wrongConference", body.GetProperty("value").GetProperty("code").GetString());
        Assert.Contains("không tham gia", body.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _host.Service<IRsvpStore>().ListAsync(ConferenceId, CancellationToken.None));
    }

    [Fact]
    public async Task Decline_AfterDeadline_RefusedAndAnswerKept()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(HungId)));
        _host.Time.Advance(TimeSpan.FromDays(3)); // 30 Nov: past the deadline

        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.DeclineVerb, new { conferenceId = ConferenceId, delegateId = HungId, reason = "Bận" }));

        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("hết hạn", body.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(RsvpAnswer.Attend, (await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None))!.Answer);
    }

    [Fact]
    public async Task Decline_SummonedWithoutReason_Refused()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.DeclineVerb, new { conferenceId = ConferenceId, delegateId = HungId, reason = "" }));

        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Null(await _host.Service<IRsvpStore>().GetAsync(ConferenceId, HungId, CancellationToken.None));
    }

    [Fact]
    public async Task Decline_SubmitFallback_StoresAndUpdatesClickedMessage()
    {
        using var response = await _host.PostAsync(Activities.Submit(TestUsers.Tuan, InvitationCards.DeclineVerb,
            new Dictionary<string, object?> { ["conferenceId"] = ConferenceId, ["delegateId"] = TuanId }, replyToId: "m-card"));

        var update = await _host.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == "m-card");
        Assert.Contains("Không tham dự", update.CardJson, StringComparison.Ordinal);
        Assert.Equal(RsvpAnswer.Decline, (await _host.Service<IRsvpStore>().GetAsync(ConferenceId, TuanId, CancellationToken.None))!.Answer);
    }

    [Fact]
    public async Task Substitute_WithEmail_BecomesDelegateSubstitutingForOriginal()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.SubstituteVerb, new
        {
            conferenceId = ConferenceId,
            delegateId = HungId,
            substituteName = "Trần Văn Bình",
            substitutePosition = "Trưởng phòng Tổng hợp",
            substituteEmail = "Binh.Tran@KhanhHoa.example",
        }));

        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("Trần Văn Bình", body.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        var substitute = await _host.Service<IDelegateStore>().GetAsync(ConferenceId, "binh.tran@khanhhoa.example", CancellationToken.None);
        Assert.Equal(HungId, substitute!.SubstituteForId);
        Assert.Equal("so-nganh", substitute.GroupId);
    }

    [Fact]
    public async Task Substitute_WhoIsAlreadyADelegate_Refused()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.SubstituteVerb, new
        {
            conferenceId = ConferenceId,
            delegateId = HungId,
            substituteName = "Phạm Minh Tuấn",
            substitutePosition = "Phó Chủ tịch",
            substituteEmail = TuanId,
        }));

        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Null((await _host.Service<IDelegateStore>().GetAsync(ConferenceId, TuanId, CancellationToken.None))!.SubstituteForId);
    }

    [Fact]
    public async Task Register_DistrictContactThreeLeaders_BecomeDelegates_FourthRefused()
    {
        var three = await _host.InvokeAsync(Activities.Execute(TestUsers.ThuHa, InvitationCards.RegisterVerb, new
        {
            conferenceId = ConferenceId,
            delegateId = ThuHaId,
            leader1Name = "Nguyễn Văn An",
            leader1Position = "Chủ tịch UBND thị xã",
            leader1Email = "an.nguyen@ninhhoa.example",
            leader2Name = "Trần Thị Bé",
            leader2Position = "Trưởng phòng Nội vụ",
            leader3Name = "Lê Văn Cường",
            leader3Position = "Phó Chánh Văn phòng",
        }));
        var four = await _host.InvokeAsync(Activities.Execute(TestUsers.ThuHa, InvitationCards.RegisterVerb, new
        {
            conferenceId = ConferenceId,
            delegateId = ThuHaId,
            leader1Name = "A",
            leader1Position = "1",
            leader2Name = "B",
            leader2Position = "2",
            leader3Name = "C",
            leader3Position = "3",
            leader4Name = "D",
            leader4Position = "4",
        }));

        Assert.Equal(200, three.GetProperty("statusCode").GetInt32());
        Assert.Contains("Lê Văn Cường", three.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(400, four.GetProperty("statusCode").GetInt32());
        Assert.Contains("tối đa 03", four.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        var leaders = (await _host.Service<IDelegateStore>().ListAsync(ConferenceId, CancellationToken.None)).Where(d => d.RegisteredById == ThuHaId).ToList();
        Assert.Equal(3, leaders.Count);
        Assert.Contains(leaders, l => l.Id == "an.nguyen@ninhhoa.example" && l.District == "Thị xã Ninh Hòa");
    }

    /// <summary>
    /// What Teams sends when the contact presses "Đăng ký" on the card's registration form: the action's data plus
    /// every input with its value (pre-filled unless <paramref name="edit"/> changes it).
    /// </summary>
    private static Dictionary<string, object?> SubmittedForm(JsonElement card, Action<Dictionary<string, object?>>? edit = null)
    {
        var form = card.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "Action.ShowCard").GetProperty("card");
        var fields = new Dictionary<string, object?>();
        foreach (var property in form.GetProperty("actions")[0].GetProperty("data").EnumerateObject())
        {
            fields[property.Name] = property.Value.GetString();
        }

        foreach (var input in form.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Input.Text"))
        {
            fields[input.GetProperty("id").GetString()!] = input.TryGetProperty("value", out var value) ? value.GetString() : "";
        }

        edit?.Invoke(fields);
        return fields;
    }

    private async Task<JsonElement> RegisterAsync(object form)
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.ThuHa, InvitationCards.RegisterVerb, form));
        Assert.True(body.GetProperty("statusCode").GetInt32() == 200, body.GetRawText());
        return body.GetProperty("value");
    }

    private async Task<List<ConferenceDelegate>> LeadersAsync() =>
        (await _host.Service<IDelegateStore>().ListAsync(ConferenceId, CancellationToken.None)).Where(d => d.RegisteredById == ThuHaId).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// <summary>The leader with an e-mail last: the card lists them first, so every slot moves (what broke editing).</summary>
    private Task<JsonElement> RegisterThreeAsync() => RegisterAsync(new
    {
        conferenceId = ConferenceId,
        delegateId = ThuHaId,
        leader1Name = "Trần Thị Bé",
        leader1Position = "Trưởng phòng Nội vụ",
        leader2Name = "Lê Văn Cường",
        leader2Position = "Phó Chánh Văn phòng",
        leader3Name = "Nguyễn Văn An",
        leader3Position = "Chủ tịch UBND thị xã",
        leader3Email = "an.nguyen@ninhhoa.example",
    });

    [Fact]
    public async Task Register_PrefilledFormResubmittedUnchanged_AcceptedSameLeaders()
    {
        var card = await RegisterThreeAsync();
        var before = await LeadersAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(5));

        await RegisterAsync(SubmittedForm(card));

        Assert.Equal(before, await LeadersAsync());
    }

    [Fact]
    public async Task Register_OnePositionCorrected_SameLeadersNewPosition()
    {
        var card = await RegisterThreeAsync();
        var slot = SubmittedForm(card).Single(f => Equals(f.Value, "Lê Văn Cường")).Key.Replace("Name", "Position", StringComparison.Ordinal);

        var updated = await RegisterAsync(SubmittedForm(card, f => f[slot] = "Chánh Văn phòng"));

        var leaders = await LeadersAsync();
        Assert.Equal(3, leaders.Count);
        Assert.Equal("Chánh Văn phòng", leaders.Single(l => l.Name == "Lê Văn Cường").Position);
        Assert.Contains("Lê Văn Cường - Chánh Văn phòng", updated.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_RowClearedAndAnotherReplaced_LeaderRemovedAndReplaced()
    {
        var card = await RegisterThreeAsync();
        var fields = SubmittedForm(card);
        var cleared = fields.Single(f => Equals(f.Value, "Trần Thị Bé")).Key.Replace("Name", "", StringComparison.Ordinal);
        var replaced = fields.Single(f => Equals(f.Value, "Lê Văn Cường")).Key.Replace("Name", "", StringComparison.Ordinal);

        await RegisterAsync(SubmittedForm(card, f =>
        {
            f[cleared + "Name"] = "";
            f[cleared + "Position"] = "";
            f[replaced + "Name"] = "Phạm Thị Dung";
            f[replaced + "Position"] = "Phó Chủ tịch UBND thị xã";
        }));

        Assert.Equal(["Nguyễn Văn An", "Phạm Thị Dung"], (await LeadersAsync()).Select(l => l.Name));
    }

    [Fact]
    public async Task Attend_DistrictContact_ToldToRegisterInstead()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.ThuHa, InvitationCards.AttendVerb, Data(ThuHaId)));

        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Null(await _host.Service<IRsvpStore>().GetAsync(ConferenceId, ThuHaId, CancellationToken.None));
    }

    [Fact]
    public async Task Change_Answered_ShowsAnswerButtonsAgain()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, InvitationCards.AttendVerb, Data(TuanId)));

        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, InvitationCards.ChangeVerb, Data(TuanId)));

        var card = body.GetProperty("value").GetRawText();
        Assert.Contains(InvitationCards.AttendVerb, card, StringComparison.Ordinal);
        Assert.Contains(InvitationCards.DeclineVerb, card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttendanceReader_ReflectsAnswersForExports()
    {
        await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb, Data(HungId)));
        await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, InvitationCards.DeclineVerb, new { conferenceId = ConferenceId, delegateId = TuanId, reason = "Đi công tác" }));

        var rows = await _host.Service<IAttendanceReader>().ReadAsync(ConferenceId, CancellationToken.None);

        Assert.Equal(AttendanceAnswer.Attending, rows[HungId].Answer);
        Assert.Equal(AttendanceAnswer.Declined, rows[TuanId].Answer);
        Assert.Equal("Đi công tác", rows[TuanId].Reason);
        Assert.False(rows.ContainsKey(ThuHaId));
    }

    [Fact]
    public async Task Change_EnglishSpeaker_GetsEnglishCard()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Tuan, "english"))).EnsureSuccessStatusCode();

        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Tuan, InvitationCards.ChangeVerb, Data(TuanId)));

        var card = body.GetProperty("value").GetRawText();
        Assert.Contains("You are cordially invited", card, StringComparison.Ordinal);
        Assert.Contains("07h15 - 11h30, Tuesday, 1 December 2026", card, StringComparison.Ordinal);
    }
}
