using System.Text.Json;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Teams.Tests.Connector.Fakes;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class ConnectorClientRouteTests : IAsyncLifetime
{
    // A channel thread id: every character that must not split a path segment.
    private const string ChannelThread = "19:abc@thread.tacv2;messageid=42";
    private const string ChannelThreadEscaped = "19%3Aabc%40thread.tacv2%3Bmessageid%3D42";

    private ConnectorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task CreateConversationAsync_PersonalParameters_PostsToConversationsAndReadsId()
    {
        var result = await _harness.RunAsync(c => c.CreateConversationAsync(_harness.ServiceUrl, ConversationParametersBuilder.Personal().WithMember("29:user-7").Build(), default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/teams/v3/conversations", call.RawTarget);
        Assert.StartsWith("application/json", call.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("29:user-7", body.RootElement.GetProperty("members")[0].GetProperty("id").GetString());
        Assert.Equal(ConnectorHarness.HomeTenant, body.RootElement.GetProperty("tenantId").GetString());
        Assert.False(body.RootElement.GetProperty("isGroup").GetBoolean());
        Assert.StartsWith("a:created-", result.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendToConversationAsync_ChannelThreadId_EscapesIdAsOneSegment()
    {
        var result = await _harness.RunAsync(c => c.SendToConversationAsync(_harness.ServiceUrl, ChannelThread, ActivityBuilder.Message().WithText("Phiên 3 bắt đầu").Build(), default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/teams/v3/conversations/{ChannelThreadEscaped}/activities", call.RawTarget);
        Assert.Equal(ChannelThread, call.ConversationId);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("message", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("Phiên 3 bắt đầu", body.RootElement.GetProperty("text").GetString());
        Assert.False(body.RootElement.TryGetProperty("replyToId", out _), "nulls are omitted on the wire");
        Assert.NotNull(result.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task SendToConversationAsync_ServiceUrlWithOrWithoutTrailingSlash_SamePath(string suffix)
    {
        var serviceUrl = _harness.Connector.BaseAddress + "teams" + suffix;

        await _harness.RunAsync(c => c.SendToConversationAsync(serviceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Equal("/teams/v3/conversations/a%3Aconv-1/activities", Assert.Single(_harness.Connector.Calls).RawTarget);
    }

    [Fact]
    public async Task ReplyToActivityAsync_ActivityWithoutReplyTo_PostsUnderActivityAndSetsReplyToId()
    {
        await _harness.RunAsync(c => c.ReplyToActivityAsync(_harness.ServiceUrl, ChannelThread, "1:777", ActivityBuilder.Message().Build(), default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/teams/v3/conversations/{ChannelThreadEscaped}/activities/1%3A777", call.RawTarget);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("1:777", body.RootElement.GetProperty("replyToId").GetString());
    }

    [Fact]
    public async Task UpdateActivityAsync_NewCard_PutsFullActivity()
    {
        var card = JsonSerializer.SerializeToElement(new { type = "AdaptiveCard", version = "1.5" });

        var result = await _harness.RunAsync(c => c.UpdateActivityAsync(_harness.ServiceUrl, "a:conv-1", "1:55", Activity.CreateCard(card), default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("PUT", call.Method);
        Assert.Equal("/teams/v3/conversations/a%3Aconv-1/activities/1%3A55", call.RawTarget);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.RootElement.GetProperty("attachments")[0].GetProperty("contentType").GetString());
        Assert.Equal("1:55", result.Id);
    }

    [Fact]
    public async Task DeleteActivityAsync_Always_SendsDeleteWithoutBody()
    {
        await _harness.RunAsync(c => c.DeleteActivityAsync(_harness.ServiceUrl, "a:conv-1", "1:55", default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("DELETE", call.Method);
        Assert.Equal("/teams/v3/conversations/a%3Aconv-1/activities/1%3A55", call.RawTarget);
        Assert.Equal(string.Empty, call.Body);
    }

    [Fact]
    public async Task GetConversationMembersAsync_Always_GetsMembersAndReadsTeamsFields()
    {
        var members = await _harness.RunAsync(c => c.GetConversationMembersAsync(_harness.ServiceUrl, ChannelThread, default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("GET", call.Method);
        Assert.Equal($"/teams/v3/conversations/{ChannelThreadEscaped}/members", call.RawTarget);
        Assert.Equal(2, members.Count);
        Assert.Equal("oid-1", members[0].AadObjectId);
    }

    [Fact]
    public async Task GetPagedMembersAsync_PageSizeAndToken_SendsEscapedQuery()
    {
        var page = await _harness.RunAsync(c => c.GetPagedMembersAsync(_harness.ServiceUrl, "a:conv-1", 100, "tok/en+=1", default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("/teams/v3/conversations/a%3Aconv-1/pagedmembers?pageSize=100&continuationToken=tok%2Fen%2B%3D1", call.RawTarget);
        Assert.Equal("next-page", page.ContinuationToken);
        Assert.Single(page.Members!);
    }

    [Fact]
    public async Task GetPagedMembersAsync_NoArguments_SendsNoQuery()
    {
        await _harness.RunAsync(c => c.GetPagedMembersAsync(_harness.ServiceUrl, "a:conv-1", null, null, default));

        Assert.Equal("/teams/v3/conversations/a%3Aconv-1/pagedmembers", Assert.Single(_harness.Connector.Calls).RawTarget);
    }

    [Fact]
    public async Task GetMemberAsync_UpnAsUserId_EscapesUserSegment()
    {
        var member = await _harness.RunAsync(c => c.GetMemberAsync(_harness.ServiceUrl, "a:conv-1", "mot@example.test", default));

        var call = Assert.Single(_harness.Connector.Calls);
        Assert.Equal("GET", call.Method);
        Assert.Equal("/teams/v3/conversations/a%3Aconv-1/members/mot%40example.test", call.RawTarget);
        Assert.Equal("mot@example.test", member.Id);
    }

    public static TheoryData<string, string> DotSegmentRoutes()
    {
        var data = new TheoryData<string, string>();
        string[] routes =
        [
            "SendToConversation.conversation", "ReplyToActivity.conversation", "ReplyToActivity.activity",
            "UpdateActivity.conversation", "UpdateActivity.activity", "DeleteActivity.conversation", "DeleteActivity.activity",
            "GetConversationMembers.conversation", "GetPagedMembers.conversation", "GetMember.conversation", "GetMember.user",
        ];
        foreach (var route in routes)
        {
            data.Add(route, ".");
            data.Add(route, "..");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DotSegmentRoutes))]
    public async Task AnyRoute_DotSegmentId_RefusedBeforeAnyCall(string route, string dots)
    {
        var error = await Assert.ThrowsAsync<ConnectorException>(() => CallWithId(route, dots));

        Assert.Equal(TeamsErrorKind.BadRequest, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Empty(_harness.Connector.Calls);
    }

    [Theory]
    [InlineData("...")]
    [InlineData(".a")]
    [InlineData("a..")]
    public async Task UpdateActivityAsync_IdsWithDotsThatAreNotDotSegments_SentAsOneSegment(string id)
    {
        await _harness.RunAsync(c => c.UpdateActivityAsync(_harness.ServiceUrl, id, id, ActivityBuilder.Message().Build(), default));

        Assert.Equal($"/teams/v3/conversations/{id}/activities/{id}", Assert.Single(_harness.Connector.Calls).RawTarget);
    }

    [Fact]
    public async Task SendToConversationAsync_NotAnAbsoluteUrl_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Client.SendToConversationAsync("smba/teams", "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Empty(_harness.Connector.Calls);
    }

    private Task CallWithId(string route, string id)
    {
        var (operation, which) = (route.Split('.')[0], route.Split('.')[1]);
        var conversation = which == "conversation" ? id : "a:conv-1";
        var other = which == "conversation" ? "1:55" : id;
        var client = _harness.Client;
        var url = _harness.ServiceUrl;
        return operation switch
        {
            "SendToConversation" => client.SendToConversationAsync(url, conversation, ActivityBuilder.Message().Build(), default),
            "ReplyToActivity" => client.ReplyToActivityAsync(url, conversation, other, ActivityBuilder.Message().Build(), default),
            "UpdateActivity" => client.UpdateActivityAsync(url, conversation, other, ActivityBuilder.Message().Build(), default),
            "DeleteActivity" => client.DeleteActivityAsync(url, conversation, other, default),
            "GetConversationMembers" => client.GetConversationMembersAsync(url, conversation, default),
            "GetPagedMembers" => client.GetPagedMembersAsync(url, conversation, null, null, default),
            "GetMember" => client.GetMemberAsync(url, conversation, other, default),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, "unknown route"),
        };
    }
}
