using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using ClosedXML.Excel;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>Builders for delegate files and the sample conference.</summary>
internal static class DelegateTestData
{
    public const string EnglishHeader = "name,position,organisation,group,email,district,aadObjectId";
    public const string VietnameseHeader = "Họ và tên;Chức vụ;Cơ quan;Nhóm;Email;Địa phương;aadObjectId";

    private static readonly Lazy<string> ConferenceJsonText = new(() =>
        File.ReadAllText(Tests.Infrastructure.SampleConference.FixturePath));

    public static Conference Conference() =>
        JsonSerializer.Deserialize<Conference>(ConferenceJsonText.Value, ConferenceJson.Options)!;

    public static byte[] Csv(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    public static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    /// <summary>An XLSX whose first sheet holds <paramref name="rows"/> from A1 (the first row is the header).</summary>
    public static byte[] Xlsx(params string[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Đại biểu");
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 1, c + 1).SetValue(rows[r][c]);
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}

/// <summary>An in-memory store that can be told to fail its Nth upsert call, as a storage outage part-way through.</summary>
internal sealed class InMemoryDelegateStore : IDelegateStore
{
    private readonly ConcurrentDictionary<(string, string), ConferenceDelegate> _rows = new();
    private int _calls;

    public int FailOnCall { get; set; }

    public int UpsertCalls => _calls;

    public Task<ConferenceDelegate?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue((conferenceId, delegateId), out var d) && d.RemovedAt is null ? d : null);

    public Task<ConferenceDelegate?> FindByAadObjectIdAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.Where(r => r.Key.Item1 == conferenceId && r.Value.RemovedAt is null && string.Equals(r.Value.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase)).Select(r => r.Value).FirstOrDefault());

    public Task<IReadOnlyList<ConferenceDelegate>> ListAsync(string conferenceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConferenceDelegate>>([.. _rows.Where(r => r.Key.Item1 == conferenceId && r.Value.RemovedAt is null).Select(r => r.Value)]);

    public Task<IReadOnlyList<ConferenceDelegate>> ListRemovedAsync(string conferenceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConferenceDelegate>>([.. _rows.Where(r => r.Key.Item1 == conferenceId && r.Value.RemovedAt is not null).Select(r => r.Value)]);

    public Task UpsertAsync(string conferenceId, IReadOnlyCollection<ConferenceDelegate> delegates, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == FailOnCall)
        {
            throw new RequestFailedException(503, "storage down");
        }

        foreach (var d in delegates)
        {
            _rows[(conferenceId, d.Id)] = d;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string conferenceId, IReadOnlyCollection<string> delegateIds, CancellationToken cancellationToken)
    {
        foreach (var id in delegateIds)
        {
            _rows.TryRemove((conferenceId, id), out _);
        }

        return Task.CompletedTask;
    }
}
