namespace KhConferenceBot.Conferences;

/// <summary>A conference that should be in storage (one a turn was routed to, one a change was confirmed for) is not.</summary>
public sealed class ConferenceNotConfiguredException : Exception
{
    public ConferenceNotConfiguredException()
    {
    }

    public ConferenceNotConfiguredException(string conferenceId)
        : base($"Conference '{conferenceId}' is not in storage. Create it from its plan (POST /api/organizer/conferences) or list it in Planning:SamplePlans.")
    {
    }

    public ConferenceNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
