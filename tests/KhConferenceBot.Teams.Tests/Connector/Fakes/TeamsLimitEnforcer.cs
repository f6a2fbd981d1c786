namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>
/// The published Teams limits (teams-protocol.md section 6) exactly, with no margin, counted on the fake clock at arrival:
/// what Teams itself would do. Only admitted calls count.
/// </summary>
internal sealed class TeamsLimitEnforcer
{
    private static readonly (int Limit, TimeSpan Window)[] WriteWindows =
    [
        (7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1)),
    ];

    private static readonly (int Limit, TimeSpan Window)[] ReadWindows =
    [
        (14, TimeSpan.FromSeconds(1)), (16, TimeSpan.FromSeconds(2)), (120, TimeSpan.FromSeconds(30)), (3600, TimeSpan.FromHours(1)),
    ];

    private static readonly (int Limit, TimeSpan Window)[] TenantWindows = [(50, TimeSpan.FromSeconds(1))];

    private readonly Dictionary<string, List<DateTimeOffset>> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool TryAdmit(bool isRead, string conversationKey, string tenantKey, DateTimeOffset now)
    {
        lock (_gate)
        {
            var conversation = Get(_conversations, (isRead ? "r|" : "w|") + conversationKey);
            var tenant = Get(_tenants, tenantKey);
            if (Exceeds(conversation, isRead ? ReadWindows : WriteWindows, now) || Exceeds(tenant, TenantWindows, now))
            {
                return false;
            }

            conversation.Add(now);
            tenant.Add(now);
            return true;
        }
    }

    private static bool Exceeds(List<DateTimeOffset> times, (int Limit, TimeSpan Window)[] windows, DateTimeOffset now)
    {
        foreach (var (limit, window) in windows)
        {
            var inWindow = times.Count(t => t > now - window);
            if (inWindow + 1 > limit)
            {
                return true;
            }
        }

        return false;
    }

    private static List<DateTimeOffset> Get(Dictionary<string, List<DateTimeOffset>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        return list;
    }
}
