using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Invitations;

/// <summary>Everything the invitation card shows to one delegate.</summary>
public sealed record InvitationView(
    Conference Conference,
    ConferenceDelegate Delegate,
    Language Language,
    RsvpRecord? Rsvp,
    IReadOnlyList<ConferenceDelegate> RegisteredLeaders,
    Uri CalendarUrl,
    DateTimeOffset Now,
    bool Changing = false,
    bool Preview = false);

/// <summary>A reminder about an invitation already delivered: when it was sent, and the answer once there is one.</summary>
public sealed record ReminderView(
    Conference Conference,
    ConferenceDelegate Delegate,
    Language Language,
    DateTimeOffset InvitationSentAt,
    RsvpRecord? Rsvp);

/// <summary>The invitation (giấy mời / giấy triệu tập) as an Adaptive Card, and its answer state.</summary>
public static class InvitationCards
{
    public const string AttendVerb = "rsvp.attend";
    public const string DeclineVerb = "rsvp.decline";
    public const string SubstituteVerb = "rsvp.substitute";
    public const string ChangeVerb = "rsvp.change";
    public const string RegisterVerb = "rsvp.register";

    private const int AgendaTextLimit = 90;

    /// <summary>The only data a card carries: which invitation this is. Who clicked comes from Teams.</summary>
    public static object Data(Conference conference, ConferenceDelegate delegateInfo) => new { conferenceId = conference.Id, delegateId = delegateInfo.Id };

    /// <summary>The organizer's preview: its buttons say it is a preview (the flag only chooses that message; nothing is trusted from it).</summary>
    public const string PreviewField = "preview";

    private static object Data(Conference conference, ConferenceDelegate delegateInfo, bool preview) =>
        preview ? new { conferenceId = conference.Id, delegateId = delegateInfo.Id, preview = true } : Data(conference, delegateInfo);

    public static JsonElement Invitation(InvitationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (conference, person, language) = (view.Conference, view.Delegate, view.Language);
        string T(string vi, string en) => language.Pick(vi, en);
        var summoned = person.Category == DelegateCategory.Summoned;
        var title = conference.Title.Get(language);
        var nameLine = string.IsNullOrWhiteSpace(person.Position)
            ? CardText.Plain(person.Name)
            : $"{CardText.Plain(person.Name)} - {CardText.Plain(person.Position)}";
        if (!string.IsNullOrWhiteSpace(person.Organisation))
        {
            nameLine += $", {CardText.Plain(person.Organisation)}";
        }

        var body = new List<CardElement>
        {
            new TextBlock((conference.Organizer?.Get(language) ?? T("Ủy ban nhân dân tỉnh Khánh Hòa", "People's Committee of Khánh Hòa Province")).ToUpper(language == Language.Vi ? System.Globalization.CultureInfo.GetCultureInfo("vi-VN") : System.Globalization.CultureInfo.InvariantCulture))
            { Weight = TextWeight.Bolder, Size = TextSize.Small, IsSubtle = true },
            new TextBlock(summoned ? T("GIẤY TRIỆU TẬP", "NOTICE OF SUMMONS") : T("GIẤY MỜI", "INVITATION"))
            { Size = TextSize.Large, Weight = TextWeight.Bolder, HorizontalAlignment = HorizontalAlignment.Center },
            new TextBlock(summoned
                ? T($"Ủy ban nhân dân tỉnh triệu tập: **{nameLine}**", $"The Provincial People's Committee summons: **{nameLine}**")
                : T($"Trân trọng kính mời: **{nameLine}**", $"You are cordially invited: **{nameLine}**")),
            new TextBlock(T($"tham dự {title}.", $"to attend the {title}.")) { Spacing = Spacing.Small },
            new FactSet { Facts = Facts(conference, language) },
            new TextBlock(T("Chương trình chính", "Main agenda")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
            new FactSet { Facts = AgendaSummary(conference, language) },
        };

        var open = RsvpRules.IsOpen(conference, view.Now);
        var isContact = DistrictRegistration.IsContact(conference, person);
        body.Add(new TextBlock(open
            ? T($"Đề nghị Quý đại biểu phản hồi trước **{RsvpRules.FormatDeadline(conference, language)}**.", $"Please reply by **{RsvpRules.FormatDeadline(conference, language)}**.")
            : T($"Đã hết hạn phản hồi ({RsvpRules.FormatDeadline(conference, language)}).", $"Replies closed on {RsvpRules.FormatDeadline(conference, language)}."))
        { Spacing = Spacing.Medium, IsSubtle = !open });

        if (isContact)
        {
            body.Add(LeadersBlock(conference, person, view.RegisteredLeaders, language));
        }
        else if (view.Rsvp is { } rsvp)
        {
            body.Add(AnswerBlock(conference, rsvp, language));
        }

        var card = new AdaptiveCard { Lang = language.Code(), Body = body };
        var data = Data(conference, person, view.Preview);
        if (open && isContact)
        {
            card.Actions.Add(new ShowCardAction(
                view.RegisteredLeaders.Count == 0 ? T("Đăng ký lãnh đạo dự họp", "Register leaders") : T("Sửa danh sách đăng ký", "Change the registration"),
                RegistrationForm(conference, person, view.RegisteredLeaders, language)));
        }
        else if (open && (view.Rsvp is null || view.Changing))
        {
            card.Actions.Add(new ExecuteAction(T("Tham dự", "Attend"), AttendVerb, data) { Style = ActionStyle.Positive });
            card.Actions.Add(new ShowCardAction(T("Không tham dự", "Decline"), DeclineForm(person, data, language)));
            card.Actions.Add(new ShowCardAction(T("Cử người dự thay", "Send a substitute"), SubstituteForm(data, language)));
        }
        else if (open)
        {
            card.Actions.Add(new ExecuteAction(T("Đổi câu trả lời", "Change my answer"), ChangeVerb, data));
        }

        card.Actions.Add(new OpenUrlAction(T("Thêm vào lịch", "Add to calendar"), view.CalendarUrl));
        return card.ToJsonElement();
    }

    /// <summary>
    /// The reminder points at the invitation the delegate already has instead of repeating it: a second card with live
    /// answer buttons would keep saying "no reply yet" after they answer on the first. Once they answer it says so.
    /// </summary>
    public static JsonElement Reminder(ReminderView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (conference, person, language) = (view.Conference, view.Delegate, view.Language);
        string T(string vi, string en) => language.Pick(vi, en);
        var paper = person.Category == DelegateCategory.Summoned ? T("giấy triệu tập", "notice of summons") : T("giấy mời", "invitation");
        var sent = conference.FormatInstant(view.InvitationSentAt, language);
        var body = new List<CardElement>
        {
            new TextBlock(T($"Nhắc phản hồi {paper}", $"Reminder about your {paper}")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            new TextBlock($"{conference.Title.Get(language)}, {When(conference, language)}.") { Spacing = Spacing.Small },
        };
        if (view.Rsvp is { } rsvp)
        {
            body.Add(new Container
            {
                Style = rsvp.Answer == RsvpAnswer.Decline ? ContainerStyle.Warning : ContainerStyle.Good,
                Spacing = Spacing.Medium,
                Items =
                {
                    new TextBlock(T($"Ban Tổ chức đã nhận phản hồi của Quý đại biểu: **{AnswerLabel(rsvp.Answer, language)}**. Trân trọng cảm ơn.",
                        $"The organizers have your reply: **{AnswerLabel(rsvp.Answer, language)}**. Thank you.")),
                },
            });
        }
        else
        {
            body.Add(new TextBlock(T(
                $"Ban Tổ chức chưa nhận được phản hồi của Quý đại biểu về {paper} gửi lúc {sent}. Đề nghị Quý đại biểu phản hồi ngay trên {paper} đó (phía trên trong cuộc trò chuyện này) trước **{RsvpRules.FormatDeadline(conference, language)}**.",
                $"The organizers have not had your reply to the {paper} sent {sent}. Please answer on that {paper} (further up in this chat) by **{RsvpRules.FormatDeadline(conference, language)}**."))
            { Spacing = Spacing.Medium });
        }

        return new AdaptiveCard { Lang = language.Code(), Body = body }.ToJsonElement();
    }

    /// <summary>"07h15 - 11h30, Thứ Ba, ngày 01 tháng 12 năm 2026".</summary>
    public static string When(Conference conference, Language language)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var local = TimeZoneInfo.ConvertTime(conference.StartsAt, conference.Zone);
        var end = TimeZoneInfo.ConvertTime(conference.EndsAt, conference.Zone);
        return $"{AgendaTime.Range(TimeOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(end.DateTime))}, {conference.FormatDayOfWeekDate(language)}";
    }

    public static string AnswerLabel(RsvpAnswer answer, Language language) => answer switch
    {
        RsvpAnswer.Attend => language.Pick("Tham dự", "Attending"),
        RsvpAnswer.Decline => language.Pick("Không tham dự", "Not attending"),
        _ => language.Pick("Cử người dự thay", "Sending a substitute"),
    };

    private static List<Fact> Facts(Conference conference, Language language)
    {
        var facts = new List<Fact>
        {
            new(language.Pick("Thời gian", "When"), When(conference, language)),
            new(language.Pick("Địa điểm", "Where"), conference.Venue.Get(language)),
        };
        if (conference.Chair is { } chair)
        {
            facts.Add(new Fact(language.Pick("Chủ trì", "Chair"), chair.Get(language)));
        }

        if (conference.CoChair is { } coChair)
        {
            facts.Add(new Fact(language.Pick("Đồng chủ trì", "Co-chair"), coChair.Get(language)));
        }

        return facts;
    }

    private static List<Fact> AgendaSummary(Conference conference, Language language) =>
        conference.Agenda
            .Where(a => !a.Cancelled && !a.IsBreak)
            .OrderBy(a => a.Start)
            .Select(a => new Fact(a.TimeRange, TextCut.Shorten(a.Content.Get(language), AgendaTextLimit)))
            .ToList();

    private static Container AnswerBlock(Conference conference, RsvpRecord rsvp, Language language)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var facts = new List<Fact>
        {
            new(T("Câu trả lời", "Your answer"), AnswerLabel(rsvp.Answer, language)),
            new(T("Lúc", "At"), conference.FormatInstant(rsvp.AnsweredAt, language)),
        };
        if (rsvp.Reason is { } reason)
        {
            facts.Add(new Fact(T("Lý do", "Reason"), CardText.Plain(reason)));
        }

        if (rsvp.SubstituteName is { } name)
        {
            facts.Add(new Fact(T("Người dự thay", "Substitute"), $"{CardText.Plain(name)} - {CardText.Plain(rsvp.SubstitutePosition)}"));
        }

        return new Container
        {
            Style = rsvp.Answer == RsvpAnswer.Decline ? ContainerStyle.Warning : ContainerStyle.Good,
            Spacing = Spacing.Medium,
            Items =
            {
                new TextBlock(T("Ban Tổ chức đã nhận phản hồi của Quý đại biểu.", "The organizers have your reply.")) { Weight = TextWeight.Bolder },
                new FactSet { Facts = facts },
            },
        };
    }

    private static Container LeadersBlock(Conference conference, ConferenceDelegate contact, IReadOnlyList<ConferenceDelegate> leaders, Language language)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var quota = DistrictRegistration.Quota(conference, contact);
        var place = string.IsNullOrWhiteSpace(contact.District) ? "" : $" ({CardText.Plain(contact.District)})";
        var container = new Container
        {
            Style = ContainerStyle.Emphasis,
            Spacing = Spacing.Medium,
            Items =
            {
                new TextBlock(T($"Quý đại biểu là đầu mối đăng ký của địa phương{place}: đề nghị đăng ký tối đa {quota:00} lãnh đạo dự họp.",
                    $"You register your locality's leaders{place}: up to {quota}.")) { Weight = TextWeight.Bolder },
            },
        };
        container.Items.Add(leaders.Count == 0
            ? new TextBlock(T("Chưa đăng ký lãnh đạo nào.", "No leaders registered yet.")) { IsSubtle = true }
            : new FactSet
            {
                Facts = leaders.Select((l, i) => new Fact($"{i + 1}.", $"{CardText.Plain(l.Name)} - {CardText.Plain(l.Position)}{(l.Email is null ? "" : $" ({CardText.Plain(l.Email)})")}")).ToList(),
            });
        return container;
    }

    private static AdaptiveCard DeclineForm(ConferenceDelegate person, object data, Language language)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var required = person.Category == DelegateCategory.Summoned;
        return new AdaptiveCard
        {
            Body =
            {
                new TextInput("reason")
                {
                    Label = required ? T("Lý do vắng mặt", "Reason for absence") : T("Lý do (không bắt buộc)", "Reason (optional)"),
                    IsMultiline = true,
                    MaxLength = RsvpRules.MaxReasonLength,
                    IsRequired = required ? true : null,
                    ErrorMessage = required ? T("Vui lòng nêu lý do vắng mặt.", "Please give a reason.") : null,
                },
            },
            Actions = { new ExecuteAction(T("Gửi", "Send"), DeclineVerb, data) },
        };
    }

    private static AdaptiveCard SubstituteForm(object data, Language language)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        return new AdaptiveCard
        {
            Body =
            {
                new TextInput("substituteName") { Label = T("Họ và tên người dự thay", "Substitute's full name"), IsRequired = true, MaxLength = RsvpRules.MaxNameLength, ErrorMessage = T("Vui lòng nhập họ tên.", "Please enter a name.") },
                new TextInput("substitutePosition") { Label = T("Chức vụ", "Position"), IsRequired = true, MaxLength = RsvpRules.MaxPositionLength, ErrorMessage = T("Vui lòng nhập chức vụ.", "Please enter a position.") },
                new TextInput("substituteEmail") { Label = T("Email (để gửi giấy mời cho người dự thay)", "Email (to send them the invitation)"), MaxLength = RsvpRules.MaxEmailLength },
            },
            Actions = { new ExecuteAction(T("Gửi", "Send"), SubstituteVerb, data) },
        };
    }

    private static AdaptiveCard RegistrationForm(Conference conference, ConferenceDelegate contact, IReadOnlyList<ConferenceDelegate> leaders, Language language)
    {
        string T(string vi, string en) => language.Pick(vi, en);
        var quota = DistrictRegistration.Quota(conference, contact);
        var form = new AdaptiveCard();
        if (leaders.Count > 0)
        {
            form.Body.Add(new TextBlock(T(
                "Sửa trực tiếp từng dòng. Xóa trống một dòng để bỏ lãnh đạo đó; nhập người khác vào dòng để thay.",
                "Edit a row in place. Clear a row to remove that leader; type another person over it to replace them.")) { IsSubtle = true, Size = TextSize.Small });
        }

        // The action names the leader each pre-filled slot shows, so the same person keeps their place on the list.
        var data = new Dictionary<string, string> { ["conferenceId"] = conference.Id, ["delegateId"] = contact.Id };
        for (var slot = 1; slot <= quota; slot++)
        {
            var current = slot <= leaders.Count ? leaders[slot - 1] : null;
            if (current is not null)
            {
                data[DistrictRegistration.CurrentIdField(slot)] = current.Id;
            }

            form.Body.Add(new TextBlock(T($"Lãnh đạo {slot}", $"Leader {slot}")) { Weight = TextWeight.Bolder, Spacing = slot == 1 ? null : Spacing.Medium });
            form.Body.Add(new TextInput($"leader{slot}Name") { Label = T("Họ và tên", "Full name"), MaxLength = RsvpRules.MaxNameLength, Value = current?.Name });
            form.Body.Add(new TextInput($"leader{slot}Position") { Label = T("Chức vụ", "Position"), MaxLength = RsvpRules.MaxPositionLength, Value = current?.Position });
            form.Body.Add(new TextInput($"leader{slot}Email") { Label = T("Email (không bắt buộc)", "Email (optional)"), MaxLength = RsvpRules.MaxEmailLength, Value = current?.Email });
        }

        form.Actions.Add(new ExecuteAction(T("Đăng ký", "Register"), RegisterVerb, data));
        return form;
    }
}
