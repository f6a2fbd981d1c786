namespace KhConferenceBot.Conferences;

/// <summary>A conference that should be in storage (the sample named by Conference:Id, one a turn was routed to) is not.</summary>
public sealed class ConferenceNotConfiguredException : Exception
{
    public ConferenceNotConfiguredException()
    {
    }

    public ConferenceNotConfiguredException(string conferenceId)
        : base($"Conference '{conferenceId}' is not in storage. Set Conference:SamplePath or import it.")
    {
    }

    public ConferenceNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
