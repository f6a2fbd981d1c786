using KhConferenceBot.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Workspace;

/// <summary>
/// The base of every page of one conference: opens the conference for the signed-in person (or says they may not),
/// loads the page's data, and reloads it every <see cref="WorkspaceOptions.RefreshSeconds"/> while the page is open,
/// so what other people do (an answer, a send, a question) shows up without a reload. Storage being away shows as a
/// message and the page carries on at the next tick.
/// </summary>
public abstract class ConferencePage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private PeriodicTimer? _timer;
    private bool _reloading;

    [Parameter]
    public string ConferenceId { get; set; } = "";

    [Inject]
    protected WorkspaceSession Session { get; set; } = null!;

    [Inject]
    protected WorkspaceAccess Access { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private IOptions<WorkspaceOptions> Options { get; set; } = null!;

    /// <summary>Null until loaded, and when the person may not open this conference (<see cref="Refused"/>).</summary>
    protected WorkspaceConference? Current { get; private set; }

    protected bool Refused { get; private set; }

    /// <summary>A Vietnamese-first line for a failed read or action, shown above the page.</summary>
    protected string? Problem { get; set; }

    protected CancellationToken Closing => _closing.Token;

    protected string T(string vi, string en) => Session.T(vi, en);

    protected override void OnInitialized() => Session.Changed += OnLanguageChanged;

    private void OnLanguageChanged() => InvokeAsync(StateHasChanged);

    protected override async Task OnParametersSetAsync()
    {
        await Session.LoadAsync(Closing);
        Current = await Access.OpenAsync(Session.User, ConferenceId, Closing);
        if (Current is not null && !Current.May(Audience))
        {
            Current = null;
        }

        Refused = Current is null;
        if (Current is null)
        {
            return;
        }

        await ReloadAsync();
        if (_timer is null && Live)
        {
            _timer = new PeriodicTimer(TimeSpan.FromSeconds(Options.Value.RefreshSeconds), Time);
            _ = RefreshLoopAsync(_timer);
        }
    }

    /// <summary>Who the page is for; someone holding only another role in the conference is refused like a stranger.</summary>
    protected virtual WorkspaceAudience Audience => WorkspaceAudience.Organizer;

    /// <summary>Pages showing only what the organizer edits turn the periodic reload off.</summary>
    protected virtual bool Live => true;

    /// <summary>Reads what the page shows; called on open, on every tick and after each action.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected async Task ReloadAsync()
    {
        if (_reloading || Current is null)
        {
            return;
        }

        _reloading = true;
        try
        {
            // The conference itself changes too (a schedule change, a new state).
            Current = await Access.OpenAsync(Session.User, ConferenceId, Closing) ?? Current;
            await LoadAsync(Closing);
            if (Problem == StorageProblem)
            {
                Problem = null;
            }
        }
        catch (Exception ex) when (StorageOutage.IsOutage(ex) && !Closing.IsCancellationRequested)
        {
            Problem = StorageProblem;
        }
        finally
        {
            _reloading = false;
        }
    }

    private string StorageProblem => T("Tạm thời không đọc được dữ liệu; trang sẽ tự thử lại.", "Storage cannot be read right now; the page will retry.");

    private async Task RefreshLoopAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(Closing))
            {
                await InvokeAsync(async () =>
                {
                    await ReloadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception ex)
        {
            // Not an outage: a defect. Shown as any render error is, rather than the page silently going stale.
            await DispatchExceptionAsync(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Session.Changed -= OnLanguageChanged;
        await _closing.CancelAsync();
        _timer?.Dispose();
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }
}
