using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Attendance;

/// <summary>Erases the answers (who, reasons, substitutes' names and e-mails), keeping how many answered each way.</summary>
internal sealed class RsvpPersonalData(TableStore tables, IRsvpStore answers) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var list = await answers.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var table = await tables.GetTableAsync(TableRsvpStore.Table, cancellationToken).ConfigureAwait(false);
        await TablePartitions.DeleteAsync(table, TableKeys.Encode(conferenceId), cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int>
        {
            ["answers.attend"] = list.Count(r => r.Answer == RsvpAnswer.Attend),
            ["answers.decline"] = list.Count(r => r.Answer == RsvpAnswer.Decline),
            ["answers.substitute"] = list.Count(r => r.Answer == RsvpAnswer.Substitute),
        };
    }
}
