using System.Net;
using System.Text;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Bot;

[Collection(StorageCollection.Name)]
public sealed class BotEndpointTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Install_PersonalChat_SendsWelcomeCardInVietnamese()
    {
        using var response = await _host.PostAsync(Activities.InstallPersonal(TestUsers.Hung));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId);
        Assert.Contains("Xin chào Nguyễn Văn Hùng", welcome.CardJson, StringComparison.Ordinal);
        Assert.Contains("Hội nghị phân tích, đánh giá các Chỉ số PAR-Index, SIPAS, PCI, PAPI năm 2022", welcome.CardJson, StringComparison.Ordinal);
        Assert.Contains("\"version\":\"1.5\"", welcome.CardJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trợ giúp")]
    [InlineData("TRỢ GIÚP")]
    [InlineData("tro giup")]
    [InlineData("help")]
    public async Task Help_AnySpelling_SendsHelpCard(string text)
    {
        using var response = await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var help = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId);
        Assert.Contains("Các lệnh", help.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Dành cho Ban Tổ chức", help.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Organizer_ListsOrganizerCommands()
    {
        using var response = await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "trợ giúp"));

        var help = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId);
        Assert.Contains("Dành cho Ban Tổ chức", help.CardJson, StringComparison.Ordinal);
        Assert.Contains("gửi thư mời", help.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_OrganizerInPersonalChat_ListsGroupOnlyCommandsMarkedAsSuch()
    {
        using var response = await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "trợ giúp"));

        var help = (await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId)).CardJson;
        var marker = help.IndexOf("Dùng trong nhóm chat hội nghị", StringComparison.Ordinal);
        Assert.True(marker > 0, help);
        Assert.True(help.IndexOf("gắn hội nghị", marker, StringComparison.Ordinal) > marker);
        Assert.True(help.IndexOf("đăng câu hỏi", marker, StringComparison.Ordinal) > marker);
    }

    [Fact]
    public async Task Help_DelegateInPersonalChat_NoOrganizerGroupCommands()
    {
        using var response = await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "trợ giúp"));

        var help = (await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId)).CardJson;
        Assert.DoesNotContain("gắn hội nghị", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_KnownDelegateWithoutNameInEvent_GreetsByRegistryName()
    {
        var install = Activities.InstallPersonal(TestUsers.Tuan);
        install.From!.Name = null;
        install.MembersAdded = [new KhConferenceBot.Teams.Schema.ChannelAccount { Id = TestUsers.BotId }, new KhConferenceBot.Teams.Schema.ChannelAccount { Id = TestUsers.Tuan.Id, AadObjectId = TestUsers.Tuan.AadObjectId }];

        using var response = await _host.PostAsync(install);

        var welcome = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Tuan.PersonalConversationId);
        Assert.Contains("Xin chào Phạm Minh Tuấn", welcome.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownText_PersonalChat_RepliesWithHint()
    {
        using var response = await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "xin chào bot ơi"));

        var hint = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId);
        Assert.Contains("trợ giúp", hint.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_Command_IsRememberedForLaterTurns()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Tuan, "tiếng anh"))).Dispose();
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Tuan, "something odd"))).Dispose();

        var hint = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Tuan.PersonalConversationId && c.Text.Contains("did not understand", StringComparison.Ordinal));
        Assert.Contains("**help**", hint.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupChat_WithoutMention_StaysSilent()
    {
        using var silent = await _host.PostAsync(Activities.GroupMessageWithoutMention(TestUsers.Hung, "trợ giúp"));
        using var spoken = await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "trợ giúp"));

        Assert.Equal(HttpStatusCode.OK, silent.StatusCode);
        await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId);
        Assert.Single(_host.Connector.SentTo(TestUsers.GroupChatId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"type\": 5}")]
    [InlineData("{\"type\":\"message\"}")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"ftp://x\",\"conversation\":{\"id\":\"a\"}}")]
    public async Task Post_BodyIsNotAnActivity_Returns400(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _host.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_OversizedBody_Returns413()
    {
        var huge = "{\"type\":\"message\",\"text\":\"" + new string('a', 600 * 1024) + "\"}";
        using var content = new StringContent(huge, Encoding.UTF8, "application/json");
        using var response = await _host.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Get_MessagesRoute_Returns405()
    {
        using var response = await _host.CreateClient().GetAsync(new Uri("/api/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Post_ActivitiesAndGarbage_CountedByTypeAndOutcome()
    {
        using var collector = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            _host.Service<System.Diagnostics.Metrics.IMeterFactory>(), KhConferenceBot.Bot.BotMetrics.MeterName, "bot.activities");

        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "trợ giúp"))).Dispose();
        using var garbage = new StringContent("{}", Encoding.UTF8, "application/json");
        (await _host.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), garbage)).Dispose();

        var measurements = collector.GetMeasurementSnapshot();
        Assert.Contains(measurements, m => (string?)m.Tags["activity.type"] == "message" && (string?)m.Tags["outcome"] == "handled");
        Assert.Contains(measurements, m => (string?)m.Tags["activity.type"] == "none" && (string?)m.Tags["outcome"] == "bad_request");
    }

    [Fact]
    public async Task Post_5000CharacterConversationId_400BeforeAnyHandling()
    {
        var activity = Activities.PersonalMessage(TestUsers.Hung, "trợ giúp");
        activity.Conversation!.Id = "a:" + new string('x', 4998);

        using var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Connector.SentTo(activity.Conversation.Id));
    }

    [Fact]
    public async Task Post_ReferenceCannotBeStored_TurnIsStillAnswered()
    {
        // Within the length limit, but '/' is stored as "%2F": the table key passes 1 KiB and storage refuses the row.
        var activity = Activities.PersonalMessage(TestUsers.Hung, "trợ giúp");
        activity.Conversation!.Id = "a:" + new string('/', 500);

        using var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var help = await _host.Connector.WaitForAsync(c => c.ConversationId == activity.Conversation.Id);
        Assert.Contains("Các lệnh", help.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_StorageUp_Returns200()
    {
        using var response = await _host.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_UnknownVerb_ReturnsErrorBodyNot500()
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, "nothing.here"));

        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Post_Activity_StoresConversationReference()
    {
        using var response = await _host.PostAsync(Activities.PersonalMessage(TestUsers.ThuHa, "trợ giúp"));

        var store = _host.Service<KhConferenceBot.Storage.IConversationReferenceStore>();
        var reference = await store.FindPersonalAsync(TestUsers.ThuHa.AadObjectId, CancellationToken.None);
        Assert.NotNull(reference);
        Assert.Equal(TestUsers.ThuHa.PersonalConversationId, reference.ConversationId);
        Assert.Equal(TestUsers.TenantId, reference.TenantId);
    }
}
