using System.Security.Claims;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Workspace;

/// <summary>
/// One organizer's open workspace (a circuit): who they are and the language they read. The language is the same
/// preference the chat's "english" / "tiếng việt" sets, so switching in either place switches both.
/// </summary>
public sealed class WorkspaceSession(AuthenticationStateProvider authentication, IUserPreferenceStore preferences, IOptions<ConferenceOptions> conference)
{
    private bool _loaded;

    public ClaimsPrincipal User { get; private set; } = new();

    public Language Language { get; private set; } = Language.Vi;

    /// <summary>The Entra object id (the local key stands for the first configured creator).</summary>
    public string? ObjectId => ConferenceRoles.ObjectId(User);

    public string DisplayName => User.Identity?.Name is { } name && name == Api.OrganizerKeyHandler.LocalName.Vi
        ? T(Api.OrganizerKeyHandler.LocalName)
        : User.Identity?.Name ?? ObjectId ?? "";

    public event Action? Changed;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        User = (await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User;
        Language = (ObjectId is { } oid ? await preferences.GetLanguageAsync(oid, cancellationToken).ConfigureAwait(false) : null)
            ?? LanguageExtensions.Parse(conference.Value.DefaultLanguage) ?? Language.Vi;
        _loaded = true;
    }

    public async Task SwitchLanguageAsync(CancellationToken cancellationToken)
    {
        Language = Language == Language.Vi ? Language.En : Language.Vi;
        if (ObjectId is { } oid)
        {
            await preferences.SetLanguageAsync(oid, Language, cancellationToken).ConfigureAwait(false);
        }

        Changed?.Invoke();
    }

    public string T(string vi, string en) => Language.Pick(vi, en);

    public string T(BilingualText? text) => text?.Get(Language) ?? "";
}
