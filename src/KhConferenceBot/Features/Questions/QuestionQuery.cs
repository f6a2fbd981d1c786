namespace KhConferenceBot.Features.Questions;

/// <summary>What the organizers' board lists: one state, optionally one topic, newest first or most votes first.</summary>
public sealed record QuestionQuery(QuestionState State, QuestionTopic? Topic = null, bool ByVotes = false)
{
    public bool Matches(QuestionState state, QuestionTopic topic) => state == State && (Topic is null || Topic == topic);

    /// <summary>The order the board shows: most votes (then newest), or newest; the number breaks every tie.</summary>
    public int Compare(int votesA, int numberA, int votesB, int numberB)
    {
        if (ByVotes && votesA != votesB)
        {
            return votesB.CompareTo(votesA);
        }

        return numberB.CompareTo(numberA);
    }
}

/// <summary>How many questions there are in each state and topic.</summary>
public sealed class QuestionCounts
{
    private readonly Dictionary<(QuestionState, QuestionTopic), int> _counts = [];

    public void Add(QuestionState state, QuestionTopic topic) =>
        _counts[(state, topic)] = _counts.GetValueOrDefault((state, topic)) + 1;

    public int Of(QuestionState state, QuestionTopic? topic = null) =>
        topic is { } t ? _counts.GetValueOrDefault((state, t)) : _counts.Where(c => c.Key.Item1 == state).Sum(c => c.Value);
}

/// <summary>One read of the board: the counts, and the first questions of the query in its order.</summary>
public sealed record QuestionBoardPage(QuestionCounts Counts, IReadOnlyList<Question> Questions, int Matching)
{
    public bool HasMore => Questions.Count < Matching;
}
