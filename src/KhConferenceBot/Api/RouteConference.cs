using System.Reflection;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Api;

/// <summary>
/// The conference a per-conference endpoint's route names, loaded for the handler: declare a parameter of this type.
/// The authorization policy has already checked the caller's role in it; a conference that is not there is a 404.
/// </summary>
public sealed record RouteConference(Conference Conference)
{
    public string Id => Conference.Id;

    public static async ValueTask<RouteConference?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.GetRouteValue(ConferencePolicies.RouteParameter) as string ?? "";
        var conference = await context.RequestServices.GetRequiredService<ConferenceDirectory>().GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        return conference is null ? throw new ConferenceNotFoundException(id) : new RouteConference(conference);
    }
}

/// <summary>A conference id that names no conference: the API answers 404.</summary>
public sealed class ConferenceNotFoundException : Exception
{
    public ConferenceNotFoundException()
    {
    }

    public ConferenceNotFoundException(string conferenceId)
        : base($"There is no conference '{conferenceId}'.")
    {
        ConferenceId = conferenceId;
    }

    public ConferenceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? ConferenceId { get; }
}
