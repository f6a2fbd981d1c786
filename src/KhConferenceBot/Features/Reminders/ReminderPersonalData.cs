using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Reminders;

/// <summary>Erases the organizers' one-off reminders (their texts and who set them).</summary>
internal sealed class ReminderPersonalData(TableStore tables) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableReminderStore.Table, cancellationToken).ConfigureAwait(false);
        var custom = await TablePartitions.DeleteAsync(table, TableKeys.Encode("custom|" + conferenceId), cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["customReminders"] = custom };
    }
}
