using System.Globalization;
using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Features.Planning;

/// <summary>The chat's guided creation: send or paste a plan (or start empty), review the draft, confirm.</summary>
public static class PlanningCards
{
    public const string VerbPrefix = "planning.";
    public const string ReadVerb = "planning.read";
    public const string ConfirmVerb = "planning.confirm";
    public const string CheckVerb = "planning.check";
    public const string OpenVerb = "planning.open";

    /// <summary>The draft card's box for agenda lines that replace the agenda read from the plan.</summary>
    public const string AgendaInput = "agendaText";

    /// <summary>Room for a plan of some pages pasted into the card; the reader bounds it again.</summary>
    public const int MaxPastedLength = 60_000;

    private const int ListedRows = 40;

    public static JsonElement Start(Language language, string? error = null)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Tạo hội nghị mới", "Create a conference")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(T(
                    "Gửi tệp kế hoạch tổ chức hội nghị (.docx hoặc .txt) vào trò chuyện này, hoặc dán nội dung kế hoạch vào ô dưới đây rồi bấm **Đọc kế hoạch**. Bot đọc tên, số kế hoạch, thời gian, địa điểm, thành phần và chương trình; Quý vị xem lại rồi mới xác nhận tạo.",
                    "Send the conference plan (.docx or .txt) in this chat, or paste its text below and press **Read the plan**. The bot reads the title, number, date, venue, participants and agenda; you review them before anything is created.")),
            },
        };
        if (error is not null)
        {
            card.Body.Add(new TextBlock(error) { Color = TextColor.Attention, Weight = TextWeight.Bolder });
        }

        card.Body.Add(new TextInput("planText")
        {
            Label = T("Nội dung kế hoạch", "The plan's text"),
            IsMultiline = true,
            MaxLength = MaxPastedLength,
            Placeholder = T("KẾ HOẠCH Tổ chức Hội nghị …", "KẾ HOẠCH Tổ chức Hội nghị …"),
        });
        card.Body.Add(new TextBlock(T(
            "Không có tệp kế hoạch? Dán vài dòng: tên hội nghị, “Thời gian: ngày 20/12/2026”, “Địa điểm: …” và các dòng chương trình bắt đầu bằng giờ (“08h00 - 08h30 Khai mạc”). Phần còn thiếu sẽ được hỏi ở bước sau.",
            "No plan file? Paste a few lines: the title, “Thời gian: ngày 20/12/2026”, “Địa điểm: …” and agenda lines starting with a time (“08h00 - 08h30 Opening”). What is missing is asked next."))
            { IsSubtle = true, Size = TextSize.Small });
        card.Actions.Add(new ExecuteAction(T("Đọc kế hoạch", "Read the plan"), ReadVerb) { Style = ActionStyle.Positive });
        return card.ToJsonElement();
    }

    /// <summary>The draft: the fields to check or complete (each with the plan line it came from), the issues, then the agenda and groups as read.</summary>
    public static JsonElement Draft(StoredPlanDraft draft, Language language, DateOnly today, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        string T(string vi, string en) => language.Pick(vi, en);
        var review = draft.Review;
        var form = review.Form;
        var issues = review.CurrentIssues(today);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Bản nháp hội nghị", "Conference draft")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(T("Xem lại và bổ sung, rồi bấm **Tạo hội nghị**. Chưa có gì được tạo.", "Check and complete it, then press **Create the conference**. Nothing is created yet."))
                    { IsSubtle = true, Spacing = Spacing.None },
            },
        };
        if (error is not null)
        {
            card.Body.Add(new TextBlock(error) { Color = TextColor.Attention, Weight = TextWeight.Bolder });
        }

        if (issues.Count > 0)
        {
            var container = new Container { Style = issues.Any(i => i.Blocks) ? ContainerStyle.Attention : ContainerStyle.Warning };
            container.Items.Add(new TextBlock(T("Cần bổ sung hoặc xem lại", "To complete or check")) { Weight = TextWeight.Bolder });
            foreach (var issue in issues.Take(ListedRows))
            {
                var mark = issue.Blocks ? "⛔" : issue.Kind == PlanIssueKind.Doubtful ? "⚠️" : "ℹ️";
                var line = issue.Source is { } s ? T($" (dòng {s.Line})", $" (line {s.Line})") : "";
                container.Items.Add(new TextBlock($"{mark} {CardText.Plain(language.Pick(issue.MessageVi, issue.MessageEn))}{line}") { Size = TextSize.Small, Spacing = Spacing.Small });
            }

            card.Body.Add(container);
        }

        Field(card, review, "title", T("Tên hội nghị", "Title"), form.Title, ConferenceForm.MaxTitleLength, multiline: true, language);
        Field(card, review, "planNumber", T("Số kế hoạch", "Plan number"), form.PlanNumber, 100, multiline: false, language);
        Field(card, review, "date", T("Ngày tổ chức (ngày/tháng/năm)", "Date (day/month/year)"), form.Date is { } d ? FormatDate(d) : null, 10, multiline: false, language, "20/12/2026");
        Field(card, review, "venue", T("Địa điểm", "Venue"), form.Venue, ConferenceForm.MaxTextLength, multiline: false, language);
        Field(card, review, "capacity", T("Số đại biểu dự kiến", "Expected delegates"), form.Capacity?.ToString(CultureInfo.InvariantCulture), 6, multiline: false, language, "200");
        Field(card, review, "chair", T("Chủ trì", "Chair"), form.Chair, ConferenceForm.MaxTextLength, multiline: false, language);
        Field(card, review, "coChair", T("Đồng chủ trì", "Co-chair"), form.CoChair, ConferenceForm.MaxTextLength, multiline: false, language);
        Field(card, review, "answerDeadline", T("Hạn đăng ký tham dự (ngày/tháng/năm giờ, trống: 2 ngày trước)", "Answer deadline (day/month/year time; empty: two days before)"),
            form.AnswerDeadline is { } deadline ? FormatDeadline(deadline) : null, 20, multiline: false, language, "18/12/2026 17h00");

        card.Body.Add(new TextBlock(T($"Chương trình ({form.Agenda.Count} mục)", $"Agenda ({form.Agenda.Count} items)")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium, Separator = true });
        foreach (var (item, i) in form.Agenda.Select((item, i) => (item, i)).Take(ListedRows))
        {
            var presenter = string.IsNullOrWhiteSpace(item.Presenter) ? "" : $" — {item.Presenter}";
            card.Body.Add(new TextBlock($"**{item.Start} - {item.End}** {CardText.Plain(TextCut.Shorten(item.Content ?? "", 120))}{CardText.Plain(presenter)}{LineOf(review, $"agenda[{i}]", language)}") { Size = TextSize.Small, Spacing = Spacing.None });
        }

        card.Body.Add(new TextBlock(T($"Thành phần ({form.Groups.Count} nhóm)", $"Delegate groups ({form.Groups.Count})")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium, Separator = true });
        foreach (var (group, i) in form.Groups.Select((group, i) => (group, i)).Take(ListedRows))
        {
            var category = ConferenceForm.ParseCategory(group.Category) == DelegateCategory.Summoned ? T("Triệu tập", "Summoned") : T("Mời", "Invited");
            var quota = group.LeadersPerLocality is { } q ? T($", mỗi địa phương {q} lãnh đạo", $", {q} leaders per locality") : "";
            card.Body.Add(new TextBlock($"**{category}**: {CardText.Plain(TextCut.Shorten(group.Name ?? "", 120))}{quota}{LineOf(review, $"groups[{i}]", language)}") { Size = TextSize.Small, Spacing = Spacing.None });
        }

        card.Body.Add(new TextInput(AgendaInput)
        {
            Label = T("Thay chương trình (không bắt buộc): dán các dòng, mỗi dòng bắt đầu bằng giờ", "Replace the agenda (optional): paste lines, each starting with a time"),
            IsMultiline = true,
            MaxLength = 20_000,
            Placeholder = "08h00 - 08h30 Khai mạc – Lãnh đạo UBND tỉnh",
        });
        card.Body.Add(new TextBlock(T(
            "Thành phần và từng mục chương trình sửa được sau khi tạo (API hoặc trang Ban Tổ chức; lệnh **thay đổi chương trình** khi đã gửi giấy mời).",
            "Groups and single agenda items can be edited after creation (the API or the organizers' page; **change agenda** once invitations are out)."))
            { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Medium });
        var data = new { draft = draft.Id };
        card.Actions.Add(new ExecuteAction(T("Tạo hội nghị", "Create the conference"), ConfirmVerb, data) { Style = ActionStyle.Positive });
        card.Actions.Add(new ExecuteAction(T("Kiểm tra lại", "Check again"), CheckVerb, data));
        return card.ToJsonElement();
    }

    public static JsonElement Created(Conference conference, Language language, bool alreadyCreated)
    {
        ArgumentNullException.ThrowIfNull(conference);
        string T(string vi, string en) => language.Pick(vi, en);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(alreadyCreated ? T("Hội nghị này đã được tạo", "This conference was already created") : T("Đã tạo hội nghị", "Conference created"))
                    { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Good },
                new TextBlock(conference.Title.Get(language)) { Weight = TextWeight.Bolder },
                new FactSet
                {
                    Facts =
                    {
                        new Fact(T("Mã hội nghị", "Conference id"), conference.Id),
                        new Fact(T("Thời gian", "Date"), conference.FormatDayOfWeekDate(language)),
                        new Fact(T("Địa điểm", "Venue"), conference.Venue.Get(language)),
                        new Fact(T("Chương trình", "Agenda"), T($"{conference.Agenda.Count} mục", $"{conference.Agenda.Count} items")),
                        new Fact(T("Thành phần", "Groups"), T($"{conference.Groups.Count} nhóm", $"{conference.Groups.Count} groups")),
                        new Fact(T("Hạn đăng ký", "Answer deadline"), conference.FormatInstant(conference.EffectiveRsvpDeadline, language)),
                    },
                },
                new TextBlock(T(
                    $"Quý vị là Ban Tổ chức của hội nghị này. Tiếp theo: nhập danh sách đại biểu (API `/api/organizer/conferences/{conference.Id}/delegates/import`), rồi gõ **gửi thư mời**.",
                    $"You are an organizer of this conference. Next: import the delegates (API `/api/organizer/conferences/{conference.Id}/delegates/import`), then type **send invitations**."))
                    { Spacing = Spacing.Medium },
            },
        };
        if (conference.State == ConferenceState.Draft)
        {
            card.Body.Add(new TextBlock(T(
                "Hội nghị đang ở trạng thái soạn thảo: chưa gửi được giấy mời. Khi đã sẵn sàng, bấm **Mở hội nghị**.",
                "The conference is a draft: invitations cannot go out yet. When it is ready, press **Open the conference**."))
                { IsSubtle = true, Size = TextSize.Small });
            card.Actions.Add(new ExecuteAction(T("Mở hội nghị", "Open the conference"), OpenVerb, new { conferenceId = conference.Id }) { Style = ActionStyle.Positive });
        }

        return card.ToJsonElement();
    }

    public static JsonElement Opened(Conference conference, Language language)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(language.Pick("Hội nghị đã mở", "The conference is open")) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Good },
                new TextBlock(conference.Title.Get(language)) { Weight = TextWeight.Bolder },
                new TextBlock(language.Pick(
                    "Giấy mời đã có thể gửi: gõ **gửi thư mời** (sau khi nhập danh sách đại biểu).",
                    "Invitations can go out now: type **send invitations** (once the delegates are imported).")),
            },
        };
        return card.ToJsonElement();
    }

    /// <summary>The organizer's answers on the draft card, written onto the form; what cannot be read stays as it was and is reported.</summary>
    public static (ConferenceForm Form, IReadOnlyList<string> Unreadable) ReadAnswers(ConferenceForm form, CardAction action, Language language)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(action);
        var unreadable = new List<string>();
        string? Text(string name, string? current) => action.Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : current;

        var date = form.Date;
        if (Text("date", null) is { } dateText)
        {
            date = string.IsNullOrWhiteSpace(dateText) ? null : ParseDate(dateText);
            if (date is null && !string.IsNullOrWhiteSpace(dateText))
            {
                unreadable.Add(language.Pick($"Không đọc được ngày “{dateText.Trim()}”: hãy nhập dạng 20/12/2026.", $"“{dateText.Trim()}” is not a date: type it like 20/12/2026."));
            }
        }

        var capacity = form.Capacity;
        if (Text("capacity", null) is { } capacityText)
        {
            capacity = int.TryParse(capacityText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
            if (capacity is null && !string.IsNullOrWhiteSpace(capacityText))
            {
                unreadable.Add(language.Pick($"Số đại biểu “{capacityText.Trim()}” không phải là số.", $"“{capacityText.Trim()}” is not a number of delegates."));
            }
        }

        var deadline = form.AnswerDeadline;
        if (Text("answerDeadline", null) is { } deadlineText)
        {
            deadline = string.IsNullOrWhiteSpace(deadlineText) ? null : ParseDeadline(deadlineText);
            if (deadline is null && !string.IsNullOrWhiteSpace(deadlineText))
            {
                unreadable.Add(language.Pick($"Không đọc được hạn đăng ký “{deadlineText.Trim()}”: hãy nhập dạng 18/12/2026 17h00.", $"“{deadlineText.Trim()}” is not a deadline: type it like 18/12/2026 17:00."));
            }
        }

        return (form with
        {
            Title = Text("title", form.Title),
            PlanNumber = Text("planNumber", form.PlanNumber),
            Date = date,
            Venue = Text("venue", form.Venue),
            Capacity = capacity,
            Chair = Text("chair", form.Chair),
            CoChair = Text("coChair", form.CoChair),
            AnswerDeadline = deadline,
        }, unreadable);
    }

    /// <summary>"20/12/2026", "20-12-2026", "20.12.2026" or "2026-12-20".</summary>
    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A date and, optionally, a time after it ("18/12/2026 17h00"); the end of that day without one.</summary>
    public static DateTime? ParseDeadline(string text)
    {
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || ParseDate(parts[0]) is not { } date)
        {
            return null;
        }

        var time = parts.Length == 2 ? AgendaTime.TryParse(parts[1]) : new TimeOnly(23, 59, 59);
        return time is { } t ? date.ToDateTime(t) : null;
    }

    private static string FormatDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string FormatDeadline(DateTime deadline) =>
        FormatDate(DateOnly.FromDateTime(deadline)) + " " + AgendaTime.Format(TimeOnly.FromDateTime(deadline));

    private static void Field(AdaptiveCard card, PlanReview review, string field, string label, string? value, int maxLength, bool multiline, Language language, string? placeholder = null)
    {
        card.Body.Add(new TextInput(field) { Label = label, Value = value, MaxLength = maxLength, IsMultiline = multiline ? true : null, Placeholder = placeholder });
        if (review.SourceOf(field) is { } source)
        {
            card.Body.Add(new TextBlock(language.Pick($"Dòng {source.Line}: “{CardText.Plain(source.Text)}”", $"Line {source.Line}: “{CardText.Plain(source.Text)}”"))
                { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None });
        }
    }

    private static string LineOf(PlanReview review, string field, Language language) =>
        review.SourceOf(field) is { } source ? language.Pick($" _(dòng {source.Line})_", $" _(line {source.Line})_") : "";
}
