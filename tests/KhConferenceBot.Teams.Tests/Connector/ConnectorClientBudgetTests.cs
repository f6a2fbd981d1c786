using KhConferenceBot.Teams.Tests.Connector.Fakes;

namespace KhConferenceBot.Teams.Tests.Connector;

/// <summary>The fake connector enforces the real Teams limits; the client's budgets must keep it from ever saying 429.</summary>
public sealed class ConnectorClientBudgetTests : IAsyncLifetime
{
    private ConnectorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SendToConversationAsync_BurstOf100ToOneConversation_AllArriveWithNo429()
    {
        var sends = Enumerable.Range(0, 100)
            .Select(i => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, "a:one-user", ActivityBuilder.Message().WithText($"Thông báo {i}").Build(), default));

        await _harness.Driver.RunAsync(Task.WhenAll(sends));

        Assert.Equal(0, _harness.Connector.ThrottledByLimits);
        Assert.Equal(100, _harness.Connector.Calls.Count);
        var elapsed = _harness.Connector.Calls[^1].At - _harness.Connector.Calls[0].At;
        Assert.True(elapsed >= TimeSpan.FromSeconds(30), $"60 per 30 s means 100 sends take over 30 s, took {elapsed}");
    }

    [Fact]
    public async Task SendToConversationAsync_200AcrossConversationsOfOneTenant_StaysWithin50PerSecond()
    {
        var sends = Enumerable.Range(0, 200)
            .Select(i => _harness.Client.SendToConversationAsync(_harness.ServiceUrl, $"a:user-{i % 40}", ActivityBuilder.Message().InTenant("tenant-big").Build(), default));

        await _harness.Driver.RunAsync(Task.WhenAll(sends));

        Assert.Equal(0, _harness.Connector.ThrottledByLimits);
        var times = _harness.Connector.Calls.Select(c => c.At).Order().ToList();
        Assert.Equal(200, times.Count);
        for (var i = 50; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 50] >= TimeSpan.FromSeconds(1), $"call {i} is the 51st within one second");
        }
    }

    [Fact]
    public async Task GetMemberAsync_BurstOf40_UsesReadBudgetWithNo429()
    {
        var reads = Enumerable.Range(0, 40).Select(i => _harness.Client.GetMemberAsync(_harness.ServiceUrl, "19:channel@thread.tacv2", $"29:user-{i}", default));

        await _harness.Driver.RunAsync(Task.WhenAll(reads));

        Assert.Equal(0, _harness.Connector.ThrottledByLimits);
        Assert.Equal(40, _harness.Connector.Calls.Count);
    }

    [Fact]
    public async Task CreateConversationAsync_ManyUsersOfOneTenant_No429()
    {
        var creates = Enumerable.Range(0, 120).Select(i => _harness.Client.CreateConversationAsync(_harness.ServiceUrl, ConversationParametersBuilder.Personal().WithMember($"29:user-{i}").Build(), default));

        await _harness.Driver.RunAsync(Task.WhenAll(creates));

        Assert.Equal(0, _harness.Connector.ThrottledByLimits);
        Assert.Equal(120, _harness.Connector.Calls.Count);
    }
}
