using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Reminders;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>Moves a host's fake clock and waits (bounded) until its background loops have run at the new time.</summary>
public static class ClockDriver
{
    public static readonly DateTimeOffset ConferenceDayMidnightUtc = new(2026, 11, 30, 17, 0, 0, TimeSpan.Zero);

    /// <summary>The instant of a local time (Asia/Ho_Chi_Minh, UTC+7) on the conference day.</summary>
    public static DateTimeOffset Local(int hour, int minute) => ConferenceDayMidnightUtc.AddHours(hour).AddMinutes(minute);

    public static async Task CatchUpAsync(params BotTestHost[] hosts)
    {
        foreach (var host in hosts)
        {
            var now = host.Time.GetUtcNow();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.Service<LiveAgendaService>().WaitForTickAsync(now, cts.Token);
            await host.Service<ReminderScheduler>().WaitForTickAsync(now, cts.Token);
        }
    }

    /// <summary>Advances one minute at a time (every host shares the clock), letting the loops run after each.</summary>
    public static async Task AdvanceMinutesAsync(int minutes, Action<int>? afterEach, params BotTestHost[] hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        for (var i = 0; i < minutes; i++)
        {
            hosts[0].Time.Advance(TimeSpan.FromMinutes(1));
            await CatchUpAsync(hosts);
            afterEach?.Invoke(i);
        }
    }
}
