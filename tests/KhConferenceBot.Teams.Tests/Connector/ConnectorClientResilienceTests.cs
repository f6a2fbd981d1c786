using System.Globalization;
using System.Net;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Tests.Connector.Fakes;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class ConnectorClientResilienceTests : IAsyncLifetime
{
    private ConnectorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<Teams.Schema.ResourceResponse> SendAsync() =>
        _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:conv-1", ActivityBuilder.Message().Build(), default);

    [Fact]
    public async Task SendToConversationAsync_429WithRetryAfterSeconds_RetriesNoSoonerThanRetryAfter()
    {
        _harness.Connector.Enqueue(ScriptedResponse.Throttled("3"));

        var result = await _harness.Driver.RunAsync(SendAsync());

        var calls = _harness.Connector.Calls;
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(3), $"retried after {calls[1].At - calls[0].At}");
        Assert.NotNull(result.Id);
    }

    [Fact]
    public async Task SendToConversationAsync_429WithRetryAfterDate_RetriesNoSoonerThanThatDate()
    {
        var retryAt = _harness.Time.GetUtcNow().AddSeconds(4);
        _harness.Connector.Enqueue(ScriptedResponse.Error(429, "Throttled", headers: new Dictionary<string, string> { ["Retry-After"] = retryAt.ToString("R", CultureInfo.InvariantCulture) }));

        await _harness.Driver.RunAsync(SendAsync());

        var calls = _harness.Connector.Calls;
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At >= retryAt, $"retried at {calls[1].At:O}, Retry-After {retryAt:O}");
    }

    [Fact]
    public async Task SendToConversationAsync_RetryAfterBeyondMaxDelay_ThrowsThrottledWithRetryAfter()
    {
        _harness.Connector.Enqueue(ScriptedResponse.Throttled("120"));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Driver.RunAsync(SendAsync()));

        Assert.Equal(TeamsErrorKind.Throttled, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Single(_harness.Connector.Calls);
    }

    [Theory]
    [InlineData(412, "PreconditionFailed")]
    [InlineData(502, "BadGateway")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "GatewayTimeout")]
    public async Task SendToConversationAsync_TransientStatusOnce_RetriesAndSucceeds(int status, string code)
    {
        _harness.Connector.Enqueue(ScriptedResponse.Error(status, code));

        var result = await _harness.Driver.RunAsync(SendAsync());

        Assert.Equal(2, _harness.Connector.Calls.Count);
        Assert.NotNull(result.Id);
    }

    [Fact]
    public async Task SendToConversationAsync_412ThenTwo503_SucceedsOnFourthAttempt()
    {
        _harness.Connector.Enqueue(ScriptedResponse.Error(412, "PreconditionFailed"), ScriptedResponse.Error(503, "ServiceUnavailable"), ScriptedResponse.Error(503, "ServiceUnavailable"));

        await _harness.Driver.RunAsync(SendAsync());

        Assert.Equal(4, _harness.Connector.Calls.Count);
    }

    [Fact]
    public async Task SendToConversationAsync_503Always_StopsAfterMaxRetriesWithServiceError()
    {
        _harness.Connector.Enqueue(Enumerable.Repeat(ScriptedResponse.Error(503, "ServiceUnavailable", "down"), 10).ToArray());

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Driver.RunAsync(SendAsync()));

        Assert.Equal(4, _harness.Connector.Calls.Count);
        Assert.Equal(TeamsErrorKind.ServiceError, ex.Kind);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("ServiceUnavailable", ex.Code);
        Assert.Equal("corr-4", ex.CorrelationId);
    }

    [Fact]
    public async Task SendToConversationAsync_503Always_BacksOffBetweenAttempts()
    {
        _harness.Connector.Enqueue(Enumerable.Repeat(ScriptedResponse.Error(503, "ServiceUnavailable"), 4).ToArray());

        await Assert.ThrowsAsync<ConnectorException>(() => _harness.Driver.RunAsync(SendAsync()));

        var calls = _harness.Connector.Calls;
        for (var i = 1; i < calls.Count; i++)
        {
            Assert.True(calls[i].At > calls[i - 1].At, "each retry waits on the clock");
        }
    }

    [Fact]
    public async Task SendToConversationAsync_403BotNotInRoster_NotRetriedAndMapped()
    {
        _harness.Connector.Enqueue(ScriptedResponse.Error(403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Driver.RunAsync(SendAsync()));

        Assert.Single(_harness.Connector.Calls);
        Assert.Equal(TeamsErrorKind.BotNotInConversationRoster, ex.Kind);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal("corr-1", ex.CorrelationId);
    }

    [Theory]
    [InlineData(403, "ConversationBlockedByUser", null, TeamsErrorKind.ConversationBlockedByUser)]
    [InlineData(403, "BotDisabledByAdmin", null, TeamsErrorKind.BotDisabledByAdmin)]
    [InlineData(403, "Forbidden", "MessageWritesBlocked", TeamsErrorKind.MessageWritesBlocked)]
    [InlineData(401, "BotNotRegistered", null, TeamsErrorKind.BotNotRegistered)]
    [InlineData(404, "ConversationNotFound", null, TeamsErrorKind.ConversationNotFound)]
    [InlineData(500, "UserNotFound", null, TeamsErrorKind.UserNotFound)]
    [InlineData(413, "MessageSizeTooBig", null, TeamsErrorKind.MessageSizeTooBig)]
    [InlineData(400, "BadArgument", null, TeamsErrorKind.BadRequest)]
    public async Task SendToConversationAsync_PermanentError_ThrowsMappedKindAfterOneAttempt(int status, string code, string? subCode, TeamsErrorKind expected)
    {
        _harness.Connector.Enqueue(ScriptedResponse.Error(status, code, subCode: subCode));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Driver.RunAsync(SendAsync()));

        Assert.Single(_harness.Connector.Calls);
        Assert.Equal(expected, ex.Kind);
        Assert.Equal(code, ex.Code);
        Assert.Equal(subCode, ex.SubCode);
    }

    [Fact]
    public async Task SendToConversationAsync_AttemptHangs_NotRepeatedAndOutcomeUnknownAfterAnswerTimeout()
    {
        // A hung POST may still land in Teams: sending it again after the 5 s request timeout made duplicates.
        _harness.Connector.Enqueue(ScriptedResponse.Hanging(), ScriptedResponse.Hanging());
        var start = _harness.Time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => _harness.Driver.RunAsync(SendAsync()));

        Assert.Single(_harness.Connector.Calls);
        Assert.Equal(TeamsErrorKind.Timeout, ex.Kind);
        Assert.True(ex.OutcomeUnknown);
        Assert.True(_harness.Time.GetUtcNow() - start >= new ConnectorOptions().PostAnswerTimeout, "a POST is waited for up to its answer deadline");
    }

    [Fact]
    public async Task GetConversationMembersAsync_FirstAttemptHangs_TimesOutAndRetries()
    {
        _harness.Connector.Enqueue(ScriptedResponse.Hanging());

        await _harness.RunAsync(c => c.GetConversationMembersAsync(_harness.ServiceUrl, "a:conv-1", default));

        var calls = _harness.Connector.Calls;
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(5), "second attempt only after the per-attempt timeout");
    }
}
