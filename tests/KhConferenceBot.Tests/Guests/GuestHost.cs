using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Guests;

/// <summary>A bot host (local mode, the sample) whose e-mail goes through the loopback fake Graph's sendMail.</summary>
internal sealed class GuestHost : IAsyncDisposable
{
    public const string Mailbox = "hoinghi@khanhhoa.example";
    public const string ConferenceId = "khanh-hoa-2023";

    private GuestHost(BotTestHost host, FakeMailGraph graph)
    {
        Host = host;
        Graph = graph;
    }

    public BotTestHost Host { get; }

    public FakeMailGraph Graph { get; }

    /// <summary>Three days before the sample's answer deadline (29 Nov 23:59 in Viet Nam), when answers are open.</summary>
    public static readonly DateTimeOffset BeforeDeadline = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    public static async Task<GuestHost> StartAsync(AzuriteFixture storage, IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null)
    {
        var graph = await FakeMailGraph.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = graph.BaseUrl.ToString(),
            ["Mail:Mailbox"] = Mailbox,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        try
        {
            return new GuestHost(await BotTestHost.StartAsync(storage, all, time), graph);
        }
        catch
        {
            await graph.DisposeAsync();
            throw;
        }
    }

    public T Service<T>()
        where T : notnull => Host.Service<T>();

    public async Task<Conference> ConferenceAsync() => (await Service<ConferenceDirectory>().GetAsync(ConferenceId, CancellationToken.None))!;

    public async Task<IReadOnlyList<ConferenceDelegate>> DelegatesAsync() => await Service<IDelegateStore>().ListAsync(ConferenceId, CancellationToken.None);

    /// <summary>A sample delegate without a Teams account, by a predicate on the delegate.</summary>
    public async Task<ConferenceDelegate> GuestAsync(Func<ConferenceDelegate, bool> which) =>
        (await DelegatesAsync()).Where(d => d.AadObjectId is null && d.Email is not null).OrderBy(d => d.Id, StringComparer.Ordinal).First(which);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
    }
}
