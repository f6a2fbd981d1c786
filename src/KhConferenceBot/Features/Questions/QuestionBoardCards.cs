using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Questions;

/// <summary>The organizers' question board: counts per topic, a page of questions, moderation and merge controls.</summary>
public static partial class QuestionCards
{
    public sealed record BoardView(int Page, bool ByVotes);

    /// <summary>The organizers' board: counts per topic, then one page of questions grouped by topic.</summary>
    public static JsonElement Board(Conference conference, Language language, IReadOnlyList<Question> all, BoardView view, int pageSize, IReadOnlyList<(string Title, Uri Url)> exports)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(exports);
        var listed = all.Where(q => q.State != QuestionState.Withdrawn).ToList();
        var ordered = listed
            .OrderBy(q => q.Topic)
            .ThenByDescending(q => view.ByVotes ? q.Votes : 0)
            .ThenByDescending(q => q.CreatedAt)
            .ThenByDescending(q => q.Number)
            .ToList();
        var pages = Math.Max(1, (ordered.Count + pageSize - 1) / pageSize);
        var page = Math.Clamp(view.Page, 0, pages - 1);
        var shown = ordered.Skip(page * pageSize).Take(pageSize).ToList();

        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            FullWidth = true,
            Body =
            {
                new TextBlock(language.Pick("Bảng câu hỏi thảo luận", "Discussion question board")) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
                new TextBlock(language.Pick(
                    $"{listed.Count} câu hỏi · {listed.Count(q => q.State == QuestionState.Pending)} chờ duyệt · sắp xếp: {(view.ByVotes ? "nhiều bình chọn nhất" : "mới nhất")} · trang {page + 1}/{pages}",
                    $"{listed.Count} questions · {listed.Count(q => q.State == QuestionState.Pending)} pending · sorted by {(view.ByVotes ? "most votes" : "newest")} · page {page + 1}/{pages}"))
                {
                    IsSubtle = true,
                },
                new FactSet
                {
                    Facts = [.. QuestionTopics.All.Select(t => new Fact(t.Title(language), language.Pick(
                        $"{listed.Count(q => q.Topic == t)} câu hỏi ({listed.Count(q => q.Topic == t && q.State == QuestionState.Pending)} chờ duyệt)",
                        $"{listed.Count(q => q.Topic == t)} ({listed.Count(q => q.Topic == t && q.State == QuestionState.Pending)} pending)")))],
                },
            },
        };

        var mergeTargets = listed.Where(q => q.State is QuestionState.Pending or QuestionState.Approved or QuestionState.Answered or QuestionState.Hidden).OrderBy(q => q.Number).ToList();
        QuestionTopic? currentTopic = null;
        foreach (var q in shown)
        {
            if (q.Topic != currentTopic)
            {
                currentTopic = q.Topic;
                card.Body.Add(new TextBlock($"{q.Topic.Title(language)} ({listed.Count(x => x.Topic == q.Topic)})") { Weight = TextWeight.Bolder, Color = TextColor.Accent, Separator = true });
            }

            card.Body.Add(BoardItem(conference, language, q, view with { Page = page }, mergeTargets));
        }

        var sort = new ExecuteAction(view.ByVotes ? language.Pick("Xếp mới nhất", "Sort by newest") : language.Pick("Xếp theo bình chọn", "Sort by votes"),
            "question.board", new { page = 0, sort = view.ByVotes ? "new" : "votes" });
        card.Actions.Add(sort);
        if (page > 0)
        {
            card.Actions.Add(new ExecuteAction(language.Pick("Trước", "Previous"), "question.board", new { page = page - 1, sort = SortCode(view) }));
        }

        if (page < pages - 1)
        {
            card.Actions.Add(new ExecuteAction(language.Pick("Sau", "Next"), "question.board", new { page = page + 1, sort = SortCode(view) }));
        }

        foreach (var (title, url) in exports)
        {
            card.Actions.Add(new OpenUrlAction(title, url));
        }

        return card.ToJsonElement();
    }

    private static string SortCode(BoardView view) => view.ByVotes ? "votes" : "new";

    private static Container BoardItem(Conference conference, Language language, Question q, BoardView view, IReadOnlyList<Question> mergeTargets)
    {
        var container = new Container { Spacing = Spacing.Medium, Items = { Facts(conference, language, q, forOrganizer: true), new TextBlock(CardText.Plain(q.Text)) } };
        var data = new { id = q.Id, page = view.Page, sort = SortCode(view) };
        var actions = new ActionSet();
        if (q.State == QuestionState.Merged)
        {
            container.Items.Add(new TextBlock(language.Pick($"Đã ẩn: đã gộp vào #{q.MergedInto}", $"Hidden: merged into #{q.MergedInto}")) { IsSubtle = true });
            return container;
        }

        if (q.State != QuestionState.Approved)
        {
            actions.Actions.Add(new ExecuteAction(language.Pick("Duyệt", "Approve"), "question.approve", data) { Style = ActionStyle.Positive });
        }

        if (q.State != QuestionState.Hidden)
        {
            actions.Actions.Add(new ExecuteAction(language.Pick("Ẩn", "Hide"), "question.hide", data));
        }

        if (q.State != QuestionState.Answered)
        {
            actions.Actions.Add(new ExecuteAction(language.Pick("Đã trả lời", "Answered"), "question.answer", data));
        }

        var targets = mergeTargets.Where(t => t.Number != q.Number).ToList();
        if (targets.Count > 0)
        {
            actions.Actions.Add(new ShowCardAction(language.Pick("Gộp", "Merge"), new AdaptiveCard
            {
                Body =
                {
                    new ChoiceSetInput(TargetInput)
                    {
                        Label = language.Pick($"Gộp {q.Label} vào câu hỏi", $"Merge {q.Label} into"),
                        IsRequired = true,
                        Style = ChoiceInputStyle.Filtered,
                        Choices = [.. targets.Select(t => new Choice($"{t.Label} · {TextCut.Shorten(t.Text, 70)}", t.Id))],
                    },
                },
                Actions = { new ExecuteAction(language.Pick("Gộp", "Merge"), "question.merge", data) },
            }));
        }

        container.Items.Add(actions);
        return container;
    }
}
