namespace KhConferenceBot.Teams.Connector;

/// <summary>At most <see cref="Limit"/> operations in any <see cref="Window"/>.</summary>
public sealed class RateWindow
{
    public RateWindow()
    {
    }

    public RateWindow(int limit, TimeSpan window)
    {
        Limit = limit;
        Window = window;
    }

    public int Limit { get; set; }

    public TimeSpan Window { get; set; }

    public override string ToString() => $"{Limit}/{Window.TotalSeconds:0.###}s";
}

/// <summary>
/// Window limits of <see cref="SendBudget"/>. Null lists mean the published Teams limits (teams-protocol.md section 6);
/// they are null rather than pre-filled because configuration binding appends to a list instead of replacing it.
/// </summary>
public sealed class SendBudgetOptions
{
    public const string SectionName = "Bot:SendBudget";

    public static IReadOnlyList<RateWindow> TeamsConversationWriteWindows { get; } =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
        new(1800, TimeSpan.FromSeconds(3600)),
    ];

    public static IReadOnlyList<RateWindow> TeamsConversationReadWindows { get; } =
    [
        new(14, TimeSpan.FromSeconds(1)),
        new(16, TimeSpan.FromSeconds(2)),
        new(120, TimeSpan.FromSeconds(30)),
        new(3600, TimeSpan.FromSeconds(3600)),
    ];

    public static IReadOnlyList<RateWindow> TeamsTenantWindows { get; } =
    [
        new(50, TimeSpan.FromSeconds(1)),
    ];

    /// <summary>Per conversation, for send, reply, update, delete and create conversation.</summary>
    public IList<RateWindow>? ConversationWriteWindows { get; set; }

    /// <summary>Per conversation, for the member reads.</summary>
    public IList<RateWindow>? ConversationReadWindows { get; set; }

    /// <summary>Per tenant, counting every operation.</summary>
    public IList<RateWindow>? TenantWindows { get; set; }

    /// <summary>Each window is reckoned this fraction longer than nominal; see <see cref="SendBudget"/> for why.</summary>
    public double WindowMarginRatio { get; set; } = 0.1;

    /// <summary>Lower bound of the margin, which matters for the 1 s and 2 s windows.</summary>
    public TimeSpan MinimumWindowMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    internal IReadOnlyList<RateWindow> EffectiveConversationWriteWindows => Effective(ConversationWriteWindows, TeamsConversationWriteWindows);

    internal IReadOnlyList<RateWindow> EffectiveConversationReadWindows => Effective(ConversationReadWindows, TeamsConversationReadWindows);

    internal IReadOnlyList<RateWindow> EffectiveTenantWindows => Effective(TenantWindows, TeamsTenantWindows);

    internal TimeSpan Margin(TimeSpan window)
    {
        var ratio = TimeSpan.FromTicks((long)(window.Ticks * Math.Max(WindowMarginRatio, 0)));
        return ratio > MinimumWindowMargin ? ratio : MinimumWindowMargin;
    }

    private static IReadOnlyList<RateWindow> Effective(IList<RateWindow>? configured, IReadOnlyList<RateWindow> defaults)
    {
        if (configured is null || configured.Count == 0)
        {
            return defaults;
        }

        foreach (var window in configured)
        {
            if (window.Limit <= 0 || window.Window <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Send budget window {window} must have a positive limit and duration.");
            }
        }

        return [.. configured];
    }
}
