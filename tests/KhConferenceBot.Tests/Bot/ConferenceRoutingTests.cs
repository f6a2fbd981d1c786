using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Bot;

/// <summary>
/// Which conference an activity is about (issue 12), in every kind of chat: a personal chat with one, several or no
/// conference, a bound group chat, and card actions whose conference is foreign or forged. The sample's agenda opens
/// with "Đón tiếp đại biểu"; the second conference's (ConferenceBuilder) with "Khai mạc" and "Báo cáo chuyên đề".
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ConferenceRoutingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string SampleAgenda = "Đón tiếp đại biểu";
    private const string SecondAgenda = "Báo cáo chuyên đề";
    private const string OtherChatId = "19:second-conference@thread.v2";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PersonalMessage_OneConference_RunsOnIt()
    {
        await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);

        var reply = await SayAsync(TestUsers.Hung, "chương trình");

        Assert.Contains(SampleAgenda, reply.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain(SecondAgenda, reply.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalMessage_NoConference_SaysSoAndRunsNothing()
    {
        var reply = await SayAsync(TestUsers.Stranger, "chương trình");

        Assert.Contains("chưa có hội nghị nào", reply.Text, StringComparison.Ordinal);
        Assert.Equal("", reply.CardJson);
    }

    [Fact]
    public async Task PersonalHelp_NoConference_StillAnswers()
    {
        var reply = await SayAsync(TestUsers.Stranger, "trợ giúp");

        Assert.Contains("Các lệnh", reply.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalMessage_SeveralConferences_AsksOnceThenRemembersTheChoice()
    {
        var second = await new ConferenceBuilder().OrganizedBy(TestUsers.Hung).CreateAsync(_host);

        var chooser = await SayAsync(TestUsers.Hung, "chương trình");
        var chosen = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, "conference.choose", new Dictionary<string, string> { ["conferenceId"] = second.Id }));
        var agenda = await SayAsync(TestUsers.Hung, "chương trình");

        Assert.Contains("Chọn hội nghị", chooser.CardJson, StringComparison.Ordinal);
        Assert.Contains("Hội nghị Chỉ số 2022", chooser.CardJson, StringComparison.Ordinal);
        Assert.Contains("Hội nghị Du lịch Nha Trang 2026", chooser.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleAgenda, chooser.CardJson, StringComparison.Ordinal);
        Assert.Equal(200, chosen.GetProperty("statusCode").GetInt32());
        Assert.Contains(SecondAgenda, agenda.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConferenceCommand_NumberFromTheList_SwitchesAndOrganizerCommandsFollow()
    {
        await new ConferenceBuilder().OrganizedBy(TestUsers.Hung).CreateAsync(_host);

        var switched = await SayAsync(TestUsers.Hung, "hội nghị 2");
        var status = await SayAsync(TestUsers.Hung, "tình hình");

        Assert.Contains("Đã chuyển sang **Hội nghị Du lịch Nha Trang 2026**", switched.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("chỉ dành cho Ban Tổ chức", status.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganizerCommand_OrganizerOfAnotherConferenceOnly_Refused()
    {
        // Thu Hà organizes the second conference and is a delegate of the sample: in the sample she is no organizer.
        await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.ThuHa, "hội nghị 1"))).Dispose();

        var reply = await SayAsync(TestUsers.ThuHa, "tình hình");

        Assert.Contains("chỉ dành cho Ban Tổ chức", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupMention_ChatBoundToSecondConference_UsesIt()
    {
        var second = await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);
        await _host.Service<IGroupChatStore>().BindAsync(new GroupChatBinding(second.Id, OtherChatId, _host.Connector.ServiceUrl.ToString(), TestUsers.ThuHa.AadObjectId, _host.Time.GetUtcNow()), CancellationToken.None);

        (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "chương trình", OtherChatId))).Dispose();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == OtherChatId && c.CardJson.Length > 0);
        Assert.Contains(SecondAgenda, reply.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupChat_BoundToAnotherConference_RebindMovesIt()
    {
        var second = await new ConferenceBuilder().OrganizedBy(TestUsers.Organizer).CreateAsync(_host);
        var chats = _host.Service<IGroupChatStore>();
        await chats.BindAsync(new GroupChatBinding(BotTestHost.SampleId, OtherChatId, _host.Connector.ServiceUrl.ToString(), null, _host.Time.GetUtcNow()), CancellationToken.None);

        await chats.BindAsync(new GroupChatBinding(second.Id, OtherChatId, _host.Connector.ServiceUrl.ToString(), null, _host.Time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(second.Id, await _host.Service<IGroupChatConferences>().ConferenceOfChatAsync(OtherChatId, CancellationToken.None));
        Assert.Null(await chats.GetBindingAsync(BotTestHost.SampleId, CancellationToken.None));
    }

    [Theory]
    [InlineData("nha-trang-2026")]
    [InlineData("khong-co")]
    [InlineData("../khanh-hoa-2023")]
    [InlineData("KHANH-HOA-2023")]
    public async Task CardAction_ConferenceNotTheSenders_Refused403AndNothingRecorded(string conferenceId)
    {
        await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);

        var response = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, InvitationCards.AttendVerb,
            new Dictionary<string, string> { ["conferenceId"] = conferenceId, ["delegateId"] = "hung.nguyen@khanhhoa.example" }));

        Assert.Equal(403, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("wrongConference", response.GetProperty("value").GetProperty("code").GetString());
        Assert.Empty(await _host.Service<IRsvpStore>().ListAsync("nha-trang-2026", CancellationToken.None));
        Assert.Empty(await _host.Service<IRsvpStore>().ListAsync(BotTestHost.SampleId, CancellationToken.None));
    }

    [Fact]
    public async Task CardAction_InGroupChatBoundElsewhere_Refused403()
    {
        // The organizer runs both conferences, yet a card in the sample's group chat cannot act on the second one.
        var second = await new ConferenceBuilder().OrganizedBy(TestUsers.Organizer).CreateAsync(_host);
        await _host.Service<IGroupChatStore>().BindAsync(new GroupChatBinding(BotTestHost.SampleId, TestUsers.GroupChatId, _host.Connector.ServiceUrl.ToString(), null, _host.Time.GetUtcNow()), CancellationToken.None);

        var response = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, "question.board",
            new Dictionary<string, string> { ["conferenceId"] = second.Id }, conversationId: TestUsers.GroupChatId, conversationType: "groupChat"));

        Assert.Equal(403, response.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task SentCards_EveryButtonCarriesTheConference()
    {
        var reply = await SayAsync(TestUsers.Hung, "câu hỏi");

        using var card = JsonDocument.Parse(reply.CardJson);
        var data = Buttons(card.RootElement).ToList();
        Assert.NotEmpty(data);
        Assert.All(data, d => Assert.Equal(BotTestHost.SampleId, d.GetProperty("conferenceId").GetString()));
    }

    private async Task<RecordedCall> SayAsync(TestUser user, string text)
    {
        var before = _host.Connector.SentTo(user.PersonalConversationId).Count;
        (await _host.PostAsync(Activities.PersonalMessage(user, text))).Dispose();
        await _host.Connector.WaitForAsync(_ => _host.Connector.SentTo(user.PersonalConversationId).Count > before);
        return _host.Connector.SentTo(user.PersonalConversationId)[before];
    }

    private static IEnumerable<JsonElement> Buttons(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.GetString() is "Action.Execute" or "Action.Submit")
            {
                yield return element.GetProperty("data");
            }

            foreach (var property in element.EnumerateObject())
            {
                foreach (var found in Buttons(property.Value))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var found in element.EnumerateArray().SelectMany(Buttons))
            {
                yield return found;
            }
        }
    }
}
