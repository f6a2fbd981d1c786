using System.Net.Mail;
using System.Text.Json.Serialization;
using Azure;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Delegates;

/// <summary>A row that was not imported, with the reasons in Vietnamese (and English) as organizers read them.</summary>
public sealed record RejectedRow(int Row, string? Name, string? Email, IReadOnlyList<string> Reasons, IReadOnlyList<string> ReasonsEn);

/// <summary>A valid row that storage failed to take; importing the same file again completes the job.</summary>
public sealed record UnwrittenRow(int Row, string Id, string Name);

public sealed record DelegateImportReport
{
    [JsonConverter(typeof(JsonStringEnumConverter<DelegateFileFormat>))]
    public DelegateFileFormat Format { get; init; }

    /// <summary>Data rows read (empty rows not counted).</summary>
    public int Rows { get; init; }

    public int Added { get; init; }

    public int Updated { get; init; }

    public int Unchanged { get; init; }

    public IReadOnlyList<RejectedRow> Rejected { get; init; } = [];

    /// <summary>False when storage failed part-way: <see cref="NotWritten"/> lists the valid rows it did not take.</summary>
    public bool Complete { get; init; } = true;

    public IReadOnlyList<UnwrittenRow> NotWritten { get; init; } = [];

    /// <summary>A summary line in Vietnamese.</summary>
    public string Summary => Complete
        ? $"Đã đọc {Rows} dòng: thêm mới {Added}, cập nhật {Updated}, không đổi {Unchanged}, bị loại {Rejected.Count}."
        : $"Lỗi lưu trữ: đã ghi {Added + Updated} dòng, chưa ghi {NotWritten.Count} dòng. Hãy nhập lại chính tệp này để hoàn tất. Bị loại {Rejected.Count}.";
}

/// <summary>
/// Imports a delegate list: reads every row, validates all of them, then upserts the valid ones by id (the lower-cased
/// email). Rows equal to what is stored are skipped, so importing the same file twice changes nothing.
/// </summary>
/// <remarks>
/// Write semantics: validate everything first, write only valid rows, and report which were written if storage fails.
/// All-or-nothing per import is not on offer: Azure Tables makes at most 100 operations in one partition atomic, and a
/// list of 200 to 20,000 delegates needs several transactions. Each transaction of up to 100 rows is atomic, writes stop
/// at the first failed one, and because every write is an idempotent upsert, importing the same file again finishes it.
/// </remarks>
public sealed partial class DelegateImporter(IDelegateStore store, TimeProvider time, ILogger<DelegateImporter> logger)
{
    private const int MaxTextLength = 300;

    public async Task<DelegateImportReport> ImportAsync(Conference conference, byte[] content, DelegateFileFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var rows = DelegateFileReader.Read(content, format);
        var existing = (await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var groups = new GroupResolver(conference);

        var candidates = new List<(RawDelegateRow Raw, ConferenceDelegate Delegate)>();
        var rejected = new List<RejectedRow>();
        foreach (var row in rows)
        {
            var (parsed, errors) = Validate(row, groups, conference);
            if (parsed is null)
            {
                rejected.Add(Reject(row, errors));
            }
            else
            {
                candidates.Add((row, parsed));
            }
        }

        // Duplicates reject every row involved: which of two rows with one email is right is the organizer's call, not ours.
        var duplicateRows = new Dictionary<int, List<(string Vi, string En)>>();
        FlagDuplicates(candidates, c => c.Delegate.Id, "Email", duplicateRows);
        FlagDuplicates(candidates, c => c.Delegate.AadObjectId, "aadObjectId", duplicateRows);

        var byObjectId = existing.Values.Where(d => d.AadObjectId is not null).GroupBy(d => d.AadObjectId!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var valid = new List<(RawDelegateRow Raw, ConferenceDelegate Delegate)>();
        foreach (var candidate in candidates)
        {
            var errors = duplicateRows.TryGetValue(candidate.Raw.RowNumber, out var found) ? found : [];
            if (candidate.Delegate.AadObjectId is { } objectId && byObjectId.TryGetValue(objectId, out var owner) && owner.Id != candidate.Delegate.Id)
            {
                errors.Add(($"aadObjectId đã thuộc về đại biểu khác ({owner.Name}, {owner.Email ?? owner.Id}).", $"aadObjectId already belongs to another delegate ({owner.Name}, {owner.Email ?? owner.Id})."));
            }

            if (errors.Count > 0)
            {
                rejected.Add(Reject(candidate.Raw, errors));
            }
            else
            {
                valid.Add(candidate);
            }
        }

        var now = time.GetUtcNow();
        var changes = new List<(RawDelegateRow Raw, ConferenceDelegate Delegate, bool IsNew)>();
        var unchanged = 0;
        // A delegate whose e-mail an organizer corrected keeps the id the old e-mail gave; the corrected file updates them.
        var byEmail = existing.Values.Where(d => d.Email is not null && !existing.ContainsKey(d.Email))
            .GroupBy(d => d.Email!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var (raw, read) in valid)
        {
            var incoming = read.Email is { } email && !existing.ContainsKey(read.Id) && byEmail.TryGetValue(email, out var moved) ? read with { Id = moved.Id } : read;
            existing.TryGetValue(incoming.Id, out var stored);
            var merged = Merge(stored, incoming);
            if (stored is not null && SameContent(stored, merged))
            {
                unchanged++;
                continue;
            }

            changes.Add((raw, merged with { UpdatedAt = now }, stored is null));
        }

        var added = 0;
        var updated = 0;
        var notWritten = new List<UnwrittenRow>();
        var batches = changes.Chunk(TableDelegateStore.MaxBatch).ToList();
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            try
            {
                await store.UpsertAsync(conference.Id, batch.Select(c => c.Delegate).ToList(), cancellationToken).ConfigureAwait(false);
                added += batch.Count(c => c.IsNew);
                updated += batch.Count(c => !c.IsNew);
            }
            catch (Exception ex) when (ex is RequestFailedException || StorageOutage.IsOutage(ex))
            {
                LogWriteFailed(logger, ex, conference.Id, added + updated, changes.Count);
                notWritten.AddRange(batches.Skip(i).SelectMany(b => b).Select(c => new UnwrittenRow(c.Raw.RowNumber, c.Delegate.Id, c.Delegate.Name)));
                break;
            }
        }

        var report = new DelegateImportReport
        {
            Format = format,
            Rows = rows.Count,
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            Rejected = [.. rejected.OrderBy(r => r.Row)],
            Complete = notWritten.Count == 0,
            NotWritten = notWritten,
        };
        LogImported(logger, conference.Id, report.Rows, added, updated, unchanged, rejected.Count, notWritten.Count);
        return report;
    }

    /// <summary>Keeps what the bot learned or recorded since the last import: the object id (from a first message) and the substitute/registration links.</summary>
    private static ConferenceDelegate Merge(ConferenceDelegate? stored, ConferenceDelegate incoming) => stored is null
        ? incoming
        : incoming with
        {
            AadObjectId = incoming.AadObjectId ?? stored.AadObjectId,
            SubstituteForId = stored.SubstituteForId,
            RegisteredById = stored.RegisteredById,
            UpdatedAt = stored.UpdatedAt,
        };

    private static bool SameContent(ConferenceDelegate a, ConferenceDelegate b) => a with { UpdatedAt = default } == b with { UpdatedAt = default };

    /// <summary>The rules of one row, shared with the edit of one delegate (<see cref="DelegateEditor"/>).</summary>
    internal static (ConferenceDelegate? Delegate, List<(string Vi, string En)> Errors) Validate(RawDelegateRow row, GroupResolver groups, Conference conference)
    {
        var errors = new List<(string Vi, string En)>();
        var name = row.Get(DelegateField.Name);
        if (name is null)
        {
            errors.Add(("Thiếu họ và tên.", "The name is missing."));
        }

        foreach (var (field, label) in new[] { (DelegateField.Name, "Họ và tên"), (DelegateField.Position, "Chức vụ"), (DelegateField.Organisation, "Cơ quan"), (DelegateField.District, "Địa phương") })
        {
            if (row.Get(field) is { Length: > MaxTextLength })
            {
                errors.Add(($"{label} dài quá {MaxTextLength} ký tự.", $"{field} is longer than {MaxTextLength} characters."));
            }
        }

        var email = row.Get(DelegateField.Email);
        if (email is not null && !IsValidEmail(email))
        {
            errors.Add(($"Email \"{email}\" không hợp lệ.", $"The email \"{email}\" is not valid."));
        }

        string? objectId = null;
        if (row.Get(DelegateField.AadObjectId) is { } rawObjectId)
        {
            if (Guid.TryParse(rawObjectId, out var guid))
            {
                objectId = guid.ToString("D");
            }
            else
            {
                errors.Add(($"aadObjectId \"{rawObjectId}\" không phải là mã GUID.", $"aadObjectId \"{rawObjectId}\" is not a GUID."));
            }
        }

        if (email is null && row.Get(DelegateField.AadObjectId) is null)
        {
            errors.Add(("Thiếu email.", "The email is missing."));
        }

        var channel = DelegateChannel.Auto;
        if (row.Get(DelegateField.Channel) is { } channelText && !TryParseChannel(channelText, out channel))
        {
            errors.Add(($"Kênh gửi \"{channelText}\" không hợp lệ: để trống (tự chọn), ghi \"Teams\" hoặc \"Email\".",
                $"The channel \"{channelText}\" is not valid: leave it empty (automatic), or write \"Teams\" or \"Email\"."));
        }

        DelegateGroup? group = null;
        var groupText = row.Get(DelegateField.Group);
        if (groupText is null)
        {
            errors.Add(("Thiếu nhóm đại biểu.", "The group is missing."));
        }
        else if ((group = groups.Find(groupText)) is null)
        {
            errors.Add((
                $"Nhóm \"{groupText}\" không có trong kế hoạch hội nghị. Các nhóm trong kế hoạch: {conference.GroupNames(Language.Vi)}.",
                $"The group \"{groupText}\" is not one of the conference's groups. The plan's groups: {conference.GroupNames(Language.En)}."));
        }

        if (errors.Count > 0 || name is null || group is null)
        {
            return (null, errors);
        }

        var district = row.Get(DelegateField.District);
        var knownDistrict = district is null ? null : conference.Districts.FirstOrDefault(d => DelegateText.Key(d) == DelegateText.Key(district));
        var id = email is not null ? ConferenceDelegate.IdFromEmail(email) : "aad:" + objectId;
        return (new ConferenceDelegate
        {
            Id = id,
            Name = name,
            Position = row.Get(DelegateField.Position),
            Organisation = row.Get(DelegateField.Organisation),
            GroupId = group.Id,
            Category = group.Category,
            Email = email?.ToLowerInvariant(),
            AadObjectId = objectId,
            District = knownDistrict ?? district,
            Channel = channel,
        }, errors);
    }

    /// <summary>"Email", "thư điện tử", "Teams", or "tự động"/"auto" (diacritics and case optional).</summary>
    internal static bool TryParseChannel(string text, out DelegateChannel channel)
    {
        channel = DelegateText.Key(text) switch
        {
            "email" or "thudientu" or "mail" => DelegateChannel.Email,
            "teams" => DelegateChannel.Teams,
            "tudong" or "auto" => DelegateChannel.Auto,
            _ => (DelegateChannel)(-1),
        };
        return Enum.IsDefined(channel);
    }

    internal static bool IsValidEmail(string email)
    {
        if (email.Length > 254 || email.Any(c => char.IsWhiteSpace(c) || c > '\u007E' || c < '\u0021'))
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return false;
        }

        var domain = email[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal)
            || email.Contains(',', StringComparison.Ordinal) || email.Contains(';', StringComparison.Ordinal) || email.Contains('<', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(email, out var address)
            && string.Equals(address.Address, email, StringComparison.Ordinal)
            && string.IsNullOrEmpty(address.DisplayName);
    }

    private static void FlagDuplicates(
        List<(RawDelegateRow Raw, ConferenceDelegate Delegate)> candidates,
        Func<(RawDelegateRow Raw, ConferenceDelegate Delegate), string?> key,
        string label,
        Dictionary<int, List<(string Vi, string En)>> errors)
    {
        foreach (var group in candidates.Where(c => key(c) is not null).GroupBy(c => key(c)!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var member in group)
            {
                var others = string.Join(", ", group.Where(o => o.Raw.RowNumber != member.Raw.RowNumber).Select(o => o.Raw.RowNumber));
                if (!errors.TryGetValue(member.Raw.RowNumber, out var list))
                {
                    errors[member.Raw.RowNumber] = list = [];
                }

                list.Add(($"{label} trùng với dòng {others}.", $"{label} is the same as on row(s) {others}."));
            }
        }
    }

    private static RejectedRow Reject(RawDelegateRow row, List<(string Vi, string En)> errors) =>
        new(row.RowNumber, row.Get(DelegateField.Name), row.Get(DelegateField.Email), [.. errors.Select(e => e.Vi)], [.. errors.Select(e => e.En)]);

    /// <summary>A group by id ("so-nganh"), by its Vietnamese or English name, or by the name without diacritics when only one group matches.</summary>
    internal sealed class GroupResolver(Conference conference)
    {
        public DelegateGroup? Find(string text)
        {
            var exact = DelegateText.Exact(text);
            var found = conference.Groups.FirstOrDefault(g =>
                DelegateText.Exact(g.Id) == exact || DelegateText.Exact(g.Name.Vi) == exact || DelegateText.Exact(g.Name.En) == exact);
            if (found is not null)
            {
                return found;
            }

            var loose = DelegateText.Key(text);
            var matches = conference.Groups.Where(g => DelegateText.Key(g.Id) == loose || DelegateText.Key(g.Name.Vi) == loose).Take(2).ToList();
            return matches.Count == 1 && loose.Length > 0 ? matches[0] : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delegates imported into {ConferenceId}: {Rows} rows, {Added} added, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, {NotWritten} not written")]
    private static partial void LogImported(ILogger logger, string conferenceId, int rows, int added, int updated, int unchanged, int rejected, int notWritten);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delegate import into {ConferenceId} stopped by storage after {Written} of {Total} writes")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string conferenceId, int written, int total);
}
