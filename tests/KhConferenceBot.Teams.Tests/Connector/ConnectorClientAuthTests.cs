using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Tests.Connector.Fakes;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class ConnectorClientAuthTests
{
    [Fact]
    public async Task SendToConversationAsync_TrustedUrl_AttachesBearerTokenFromTokenEndpoint()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Equal("Bearer token-1", Assert.Single(harness.Connector.Calls).Authorization);
        var (path, form) = Assert.Single(harness.Tokens.Requests);
        Assert.Equal($"/{ConnectorHarness.HomeTenant}/oauth2/v2.0/token", path);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(ConnectorHarness.AppId, form["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task SendToConversationAsync_ManySends_OneTokenRequest()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var sends = Enumerable.Range(0, 20).Select(i => harness.Client.SendToConversationAsync(harness.ServiceUrl, $"a:conv-{i}", ActivityBuilder.Message().Build(), default));
        await harness.Driver.RunAsync(Task.WhenAll(sends));

        Assert.Equal(20, harness.Connector.Calls.Count);
        Assert.All(harness.Connector.Calls, call => Assert.Equal("Bearer token-1", call.Authorization));
        Assert.Equal(1, harness.Tokens.RequestCount);
    }

    [Fact]
    public async Task SendToConversationAsync_TokenNearExpiry_FetchesNewToken()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        // Issued for four minutes: inside the credential's five-minute renewal margin from the start.
        harness.Tokens.ExpiresInSeconds = 240;
        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));
        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Equal(2, harness.Tokens.RequestCount);
        Assert.Equal("Bearer token-2", harness.Connector.Calls[^1].Authorization);
    }

    [Fact]
    public async Task SendToConversationAsync_UntrustedHost_ThrowsBeforeAnyRequest()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        // Another port on the same machine is another origin.
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(harness.Tokens.BaseAddress + "teams/", "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Equal(TeamsErrorKind.UntrustedServiceUrl, ex.Kind);
        Assert.Equal(0, harness.Tokens.RequestCount);
        Assert.Empty(harness.Connector.Calls);
    }

    [Fact]
    public async Task SendToConversationAsync_SameHostOtherPath_ThrowsUntrusted()
    {
        await using var harness = await ConnectorHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(harness.Connector.BaseAddress + "teamsevil/", "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Equal(TeamsErrorKind.UntrustedServiceUrl, ex.Kind);
        Assert.Empty(harness.Connector.Calls);
    }

    [Fact]
    public async Task SendToConversationAsync_UrlTrustedAfterValidatedActivity_Succeeds()
    {
        await using var harness = await ConnectorHarness.StartAsync(new HarnessSettings { TrustConnector = false });
        await Assert.ThrowsAsync<ConnectorException>(() => harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.True(harness.Trusted.Trust(harness.ServiceUrl));
        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Equal("Bearer token-1", Assert.Single(harness.Connector.Calls).Authorization);
    }

    [Fact]
    public async Task SendToConversationAsync_LocalMode_NoAuthorizationAndAnyUrl()
    {
        await using var harness = await ConnectorHarness.StartAsync(new HarnessSettings { LocalMode = true, TrustConnector = false });

        await harness.RunAsync(c => c.SendToConversationAsync(harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default));

        Assert.Null(Assert.Single(harness.Connector.Calls).Authorization);
        Assert.Equal(0, harness.Tokens.RequestCount);
    }
}
