using System.Globalization;
using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Questions;

/// <summary>
/// The cards of the question feature. Every piece of delegate text goes through <see cref="CardText.Plain"/>, so
/// markdown, mentions, links and {{DATE}} templates are shown literally, never interpreted.
/// </summary>
public static partial class QuestionCards
{
    public const string TopicInput = "topic";
    public const string TextInputId = "text";
    public const string ShowNameInput = "showName";
    public const string TargetInput = "target";

    public static JsonElement Form(Conference conference, Language language, DateTimeOffset deadline, Question? editing = null)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(editing is null ? language.Pick("Gửi câu hỏi, ý kiến thảo luận", "Submit a question or opinion") : language.Pick($"Sửa câu hỏi {editing.Label}", $"Edit question {editing.Label}"))
                {
                    Weight = TextWeight.Bolder, Size = TextSize.Medium,
                },
                new TextBlock(language.Pick(
                    $"Phiên \"Thảo luận, chia sẻ kinh nghiệm\" của {conference.ShortName.Vi}. Hạn gửi và sửa: {conference.FormatInstant(deadline, language)}.",
                    $"For the discussion session of the {conference.ShortName.En}. Deadline to submit and edit: {conference.FormatInstant(deadline, language)}."))
                {
                    IsSubtle = true,
                },
                new ChoiceSetInput(QuestionCards.TopicInput)
                {
                    Label = language.Pick("Chủ đề", "Topic"),
                    IsRequired = true,
                    ErrorMessage = language.Pick("Vui lòng chọn chủ đề.", "Please choose a topic."),
                    Style = ChoiceInputStyle.Compact,
                    Value = editing?.Topic.Code(),
                    Choices = [.. QuestionTopics.All.Select(t => new Choice(t.Title(language), t.Code()))],
                },
                new TextInput(QuestionCards.TextInputId)
                {
                    Label = language.Pick($"Nội dung (tối đa {QuestionText.MaxLength} ký tự)", $"Text (up to {QuestionText.MaxLength} characters)"),
                    IsMultiline = true,
                    MaxLength = QuestionText.MaxLength,
                    IsRequired = true,
                    ErrorMessage = language.Pick("Vui lòng nhập nội dung.", "Please type your question."),
                    Value = editing?.Text,
                },
                new ToggleInput(QuestionCards.ShowNameInput, language.Pick("Cho phép hiển thị tên tôi với các đại biểu khác", "Show my name to the other delegates"))
                {
                    Value = editing?.Author.ShowName == true ? "true" : "false",
                    ValueOn = "true",
                    ValueOff = "false",
                    Wrap = true,
                },
                new TextBlock(language.Pick("Ban Tổ chức luôn thấy tên người gửi.", "The organizers always see who asked.")) { IsSubtle = true, Size = TextSize.Small },
            },
            Actions =
            {
                editing is null
                    ? new ExecuteAction(language.Pick("Gửi", "Submit"), "question.submit") { Style = ActionStyle.Positive }
                    : new ExecuteAction(language.Pick("Lưu thay đổi", "Save changes"), "question.update", new { id = editing.Id }) { Style = ActionStyle.Positive },
            },
        };
        return card.ToJsonElement();
    }

    public static JsonElement Confirmation(Conference conference, Language language, Question question, bool edited)
    {
        ArgumentNullException.ThrowIfNull(question);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(edited
                    ? language.Pick($"Đã lưu câu hỏi {question.Label}", $"Question {question.Label} saved")
                    : language.Pick($"Đã nhận câu hỏi {question.Label}. Trân trọng cảm ơn Quý đại biểu!", $"Question {question.Label} received. Thank you!"))
                {
                    Weight = TextWeight.Bolder, Size = TextSize.Medium, Color = TextColor.Good,
                },
                Facts(conference, language, question, forOrganizer: false),
                new TextBlock(CardText.Plain(question.Text)),
                new TextBlock(language.Pick("Ban Tổ chức sẽ duyệt trước khi đưa câu hỏi lên nhóm chat hội nghị.", "The organizers review questions before they are shown in the conference group chat."))
                {
                    IsSubtle = true, Size = TextSize.Small,
                },
            },
            Actions =
            {
                new ExecuteAction(language.Pick("Câu hỏi của tôi", "My questions"), "question.mine"),
                new ExecuteAction(language.Pick("Gửi câu hỏi khác", "Ask another"), "question.new"),
            },
        };
        return card.ToJsonElement();
    }

    public static JsonElement Mine(Conference conference, Language language, IReadOnlyList<Question> questions, bool open, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(language.Pick("Câu hỏi của tôi", "My questions")) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
                new TextBlock(open
                    ? language.Pick($"Có thể sửa hoặc rút lại đến {conference.FormatInstant(deadline, language)}.", $"You can edit or withdraw until {conference.FormatInstant(deadline, language)}.")
                    : language.Pick("Đã hết hạn sửa hoặc rút lại câu hỏi.", "The deadline for changes has passed."))
                {
                    IsSubtle = true,
                },
            },
        };
        if (questions.Count == 0)
        {
            card.Body.Add(new TextBlock(language.Pick("Quý đại biểu chưa gửi câu hỏi nào.", "You have not asked anything yet.")));
        }

        foreach (var q in questions)
        {
            var container = new Container { Separator = true, Items = { Facts(conference, language, q, forOrganizer: false), new TextBlock(CardText.Plain(q.Text)) } };
            if (open && q.State is QuestionState.Pending or QuestionState.Approved)
            {
                container.Items.Add(new ActionSet
                {
                    Actions =
                    {
                        new ExecuteAction(language.Pick("Sửa", "Edit"), "question.edit", new { id = q.Id }),
                        new ExecuteAction(language.Pick("Rút lại", "Withdraw"), "question.withdraw", new { id = q.Id }) { Style = ActionStyle.Destructive },
                    },
                });
            }

            card.Body.Add(container);
        }

        if (open)
        {
            card.Actions.Add(new ExecuteAction(language.Pick("Gửi câu hỏi mới", "Ask a question"), "question.new"));
        }

        return card.ToJsonElement();
    }

    /// <summary>
    /// The questions card of the group chat: approved (and answered) questions grouped by topic with vote buttons.
    /// <paramref name="myVotes"/> marks the viewer's own votes (null for the card everyone shares).
    /// </summary>
    public static JsonElement GroupPost(Conference conference, Language language, IReadOnlyList<Question> questions, IReadOnlySet<int>? myVotes, IReadOnlyList<string> refreshUserIds)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(questions);
        var published = questions.Where(q => q.IsPublished).ToList();
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            FullWidth = true,
            Refresh = new Refresh(new ExecuteAction(null, "question.refresh"), refreshUserIds.Take(Refresh.MaxUserIds)),
            Body =
            {
                new TextBlock(language.Pick("Câu hỏi thảo luận", "Discussion questions")) { Weight = TextWeight.Bolder, Size = TextSize.Medium },
                new TextBlock(language.Pick(
                    $"{conference.ShortName.Vi} · {published.Count} câu hỏi đã được Ban Tổ chức duyệt. Bấm \"Bình chọn\" cho câu hỏi Quý đại biểu quan tâm; bấm lần nữa để bỏ bình chọn.",
                    $"{conference.ShortName.En} · {published.Count} questions approved by the organizers. Press \"Vote\" on the ones that matter to you; press again to take it back."))
                {
                    IsSubtle = true,
                },
            },
        };
        if (published.Count == 0)
        {
            card.Body.Add(new TextBlock(language.Pick("Chưa có câu hỏi nào được duyệt.", "No question has been approved yet.")));
        }

        foreach (var group in published.GroupBy(q => q.Topic).OrderBy(g => g.Key))
        {
            card.Body.Add(new TextBlock($"{group.Key.Title(language)} ({group.Count()})") { Weight = TextWeight.Bolder, Color = TextColor.Accent, Separator = true });
            foreach (var q in group.OrderByDescending(q => q.Votes).ThenBy(q => q.Number))
            {
                var mine = myVotes?.Contains(q.Number) == true;
                var item = new Container
                {
                    Spacing = Spacing.Medium,
                    Items =
                    {
                        new TextBlock($"**{q.Label}** · {CardText.Plain(PublicAuthor(q, language))}") { IsSubtle = true, Size = TextSize.Small },
                        new TextBlock(CardText.Plain(q.Text)),
                    },
                };
                if (q.IsOpenForVotes)
                {
                    item.Items.Add(new ActionSet
                    {
                        Actions =
                        {
                            new ExecuteAction(mine
                                ? language.Pick($"✓ Đã bình chọn ({q.Votes})", $"✓ Voted ({q.Votes})")
                                : language.Pick($"👍 Bình chọn ({q.Votes})", $"👍 Vote ({q.Votes})"), "question.vote", new { id = q.Id }),
                        },
                    });
                }
                else
                {
                    item.Items.Add(new TextBlock(language.Pick($"Đã trả lời · {q.Votes} bình chọn", $"Answered · {q.Votes} votes")) { Color = TextColor.Good, Size = TextSize.Small });
                }

                card.Body.Add(item);
            }
        }

        return card.ToJsonElement();
    }

    /// <summary>What the other delegates see as the author: the name only when the author allowed it.</summary>
    public static string PublicAuthor(Question question, Language language)
    {
        ArgumentNullException.ThrowIfNull(question);
        var names = new[] { question.Author }.Concat(question.CoAuthors)
            .Select(a => a.ShowName ? (a.Unit is { Length: > 0 } unit ? $"{a.Name} ({unit})" : a.Name) : language.Pick("Ẩn danh với đại biểu", "Anonymous to delegates"))
            .Distinct(StringComparer.Ordinal);
        return string.Join("; ", names);
    }

    private static FactSet Facts(Conference conference, Language language, Question q, bool forOrganizer)
    {
        var facts = new FactSet
        {
            Facts =
            {
                new Fact(language.Pick("Số", "No."), q.Label),
                new Fact(language.Pick("Chủ đề", "Topic"), q.Topic.Title(language)),
                new Fact(language.Pick("Trạng thái", "Status"), q.State == QuestionState.Merged
                    ? language.Pick($"Đã gộp vào #{q.MergedInto}", $"Merged into #{q.MergedInto}")
                    : q.State.Title(language)),
            },
        };
        if (forOrganizer)
        {
            var author = q.Author.Unit is { Length: > 0 } unit ? $"{q.Author.Name} ({unit})" : q.Author.Name;
            facts.Facts.Add(new Fact(language.Pick("Người hỏi", "Asked by"), CardText.Plain(author)));
            facts.Facts.Add(new Fact(language.Pick("Hiển thị tên", "Name shown"), q.Author.ShowName ? language.Pick("Có", "Yes") : language.Pick("Ẩn danh với đại biểu", "Anonymous to delegates")));
            if (q.CoAuthors.Count > 0)
            {
                facts.Facts.Add(new Fact(language.Pick("Cùng hỏi", "Also asked by"), CardText.Plain(string.Join("; ", q.CoAuthors.Select(a => a.Name)))));
            }

            facts.Facts.Add(new Fact(language.Pick("Bình chọn", "Votes"), q.Votes.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            facts.Facts.Add(new Fact(language.Pick("Hiển thị tên", "Name shown"), q.Author.ShowName ? language.Pick("Có", "Yes") : language.Pick("Không (ẩn danh với đại biểu)", "No (anonymous to delegates)")));
        }

        facts.Facts.Add(new Fact(language.Pick("Gửi lúc", "Sent"), conference.FormatInstant(q.CreatedAt, language)));
        return facts;
    }

}
