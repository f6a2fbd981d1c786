using System.Globalization;
using Azure.Data.Tables;

namespace KhConferenceBot.Features.Questions;

/// <summary>The organizers' board: a column scan of the question rows, then a point read of only the questions shown.</summary>
public sealed partial class TableQuestionStore
{
    /// <summary>Rows per storage page when the board scans its columns (the service's maximum).</summary>
    private const int ScanPageSize = 1000;

    /// <summary>The only columns the scan needs: it never holds a question's text or author.</summary>
    private static readonly string[] BoardColumns = ["RowKey", "Number", "State", "Topic", "Votes"];

    public async Task<QuestionBoardPage> ReadBoardAsync(string conferenceId, QuestionQuery query, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var counts = new QuestionCounts();
        var matching = 0;

        // The best `take` so far, worst first, so a better one replaces the worst in O(log take).
        var best = new PriorityQueue<(int Number, int Votes), (int Number, int Votes)>(take + 1,
            Comparer<(int Number, int Votes)>.Create((a, b) => query.Compare(b.Votes, b.Number, a.Votes, a.Number)));
        var pages = table.QueryAsync<TableEntity>(QuestionRows(conferenceId), maxPerPage: ScanPageSize, select: BoardColumns, cancellationToken: cancellationToken);
        await foreach (var page in pages.AsPages().ConfigureAwait(false))
        {
            foreach (var e in page.Values)
            {
                var state = ReadState(e);
                var topic = ReadTopic(e);
                counts.Add(state, topic);
                if (!query.Matches(state, topic))
                {
                    continue;
                }

                matching++;
                var key = (ReadNumber(e), e.GetInt32("Votes") ?? 0);
                best.Enqueue(key, key);
                if (best.Count > take)
                {
                    best.Dequeue();
                }
            }
        }

        var chosen = best.UnorderedItems.Select(i => i.Element.Number).ToList();
        var read = await Task.WhenAll(chosen.Select(n => GetAsync(conferenceId, n, cancellationToken))).ConfigureAwait(false);

        // A row changed between the scan and the read (moderated, voted) is shown as it is now; one that left the
        // query drops out until the next read.
        var shown = read.OfType<Question>().Where(q => query.Matches(q.State, q.Topic)).ToList();
        shown.Sort((a, b) => query.Compare(a.Votes, a.Number, b.Votes, b.Number));
        return new QuestionBoardPage(counts, shown, matching);
    }

    // The column readers, shared with the whole-row read so a row missing a column reads the same way in both.
    private static int ReadNumber(TableEntity e) => e.GetInt32("Number") ?? int.Parse(e.RowKey[QuestionPrefix.Length..], CultureInfo.InvariantCulture);

    private static QuestionState ReadState(TableEntity e) => Enum.TryParse<QuestionState>(e.GetString("State"), out var state) ? state : QuestionState.Pending;

    private static QuestionTopic ReadTopic(TableEntity e) => QuestionTopics.Parse(e.GetString("Topic")) ?? QuestionTopic.Other;
}
