using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Features.Planning;

/// <summary>
/// Creating a conference in the personal chat: a plan pasted after the command or into the card, or sent as a file,
/// becomes a stored draft the organizer reviews on a card and confirms. Only people who may create conferences (the
/// configured list) get this far; a draft is its sender's alone.
/// </summary>
public sealed partial class PlanningChat(
    ConferenceRoles roles,
    ConferencePlanner planner,
    ConferenceDirectory directory,
    PlanDraftStore drafts,
    PlanAttachments attachments,
    TimeProvider time,
    ILogger<PlanningChat> logger)
{
    public bool MayCreate(TurnContext turn) => roles.IsCreator(turn?.UserAadObjectId);

    public static string NotAllowed(TurnContext turn) => turn.T(
        "Chỉ người được giao tạo hội nghị (Ban Tổ chức cấp tỉnh) mới tạo được hội nghị mới.",
        "Only the people allowed to create conferences (the provincial organizers) can create one.");

    /// <summary>Reads pasted text or a downloaded file into a stored draft, and answers with its card (or the start card and why).</summary>
    public async Task<JsonElement> DraftFromAsync(TurnContext turn, PlanReadResult result)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Refusal is { } refusal)
        {
            return PlanningCards.Start(turn.Language, turn.Language.Pick(refusal.MessageVi, refusal.MessageEn));
        }

        var draft = new StoredPlanDraft(Guid.NewGuid().ToString("N")[..16], turn.UserAadObjectId!, PlanReview.From(result.Draft!), time.GetUtcNow());
        if (!await drafts.AddAsync(draft, turn.CancellationToken).ConfigureAwait(false))
        {
            return PlanningCards.Start(turn.Language, turn.T(
                "Kế hoạch quá dài để xem lại trong trò chuyện. Hãy tạo hội nghị qua API hoặc trang Ban Tổ chức.",
                "The plan is too long to review in chat. Create the conference through the API or the organizers' page."));
        }

        LogDraft(logger, draft.Id, draft.Review.Form.Agenda.Count, draft.Review.Issues.Count);
        return PlanningCards.Draft(draft, turn.Language, Today(draft.Review.Form));
    }

    /// <summary>The message carries a Teams file: download it and read it as a plan.</summary>
    public async Task<bool> TryHandleFileAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.IsPersonal || !PlanAttachments.HasFile(turn.Activity) || !MayCreate(turn))
        {
            return false;
        }

        var result = PlanAttachments.Find(turn.Activity) is { } file
            ? await attachments.ReadAsync(file, turn.CancellationToken).ConfigureAwait(false)
            : PlanReadResult.Refused("Tệp gửi kèm không có địa chỉ tải về. Hãy gửi lại tệp.", "The attached file has no download address. Send it again.");
        await turn.SendCardAsync(await DraftFromAsync(turn, result).ConfigureAwait(false), turn.T("Bản nháp hội nghị", "Conference draft")).ConfigureAwait(false);
        return true;
    }

    /// <summary>"Check again" and "Create": the answers on the card are kept with the draft; creating needs nothing missing.</summary>
    public async Task<CardActionResult> ReviewAsync(TurnContext turn, CardAction action, bool create)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(action);
        var draft = await drafts.GetAsync(turn.UserAadObjectId!, action.GetString("draft") ?? "", turn.CancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            return CardActionResult.ReplaceCard(PlanningCards.Start(turn.Language, turn.T(
                "Bản nháp này không còn (hoặc không phải của Quý vị). Hãy gửi lại kế hoạch.", "This draft is gone (or is not yours). Send the plan again.")));
        }

        if (draft.ConferenceId is { } made && await directory.GetAsync(made, turn.CancellationToken).ConfigureAwait(false) is { } existing)
        {
            return CardActionResult.ReplaceCard(PlanningCards.Created(existing, turn.Language, alreadyCreated: true));
        }

        var (answered, unreadableAnswers) = PlanningCards.ReadAnswers(draft.Review.Form, action, turn.Language);
        var unreadable = unreadableAnswers.ToList();
        var form = answered;
        form = ReadAgenda(form, action, unreadable, turn);
        draft = draft with { Review = draft.Review with { Form = form } };
        var issues = form.Validate(Today(form));
        if (!create || issues.Count > 0 || unreadable.Count > 0)
        {
            await drafts.TryReplaceAsync(draft, turn.CancellationToken).ConfigureAwait(false);
            var fresh = await drafts.GetAsync(draft.OwnerAadObjectId, draft.Id, turn.CancellationToken).ConfigureAwait(false) ?? draft;
            var error = unreadable.Count > 0 ? string.Join(" ", unreadable)
                : create ? turn.T("Chưa tạo được: còn thông tin bắt buộc cần bổ sung (⛔).", "Not created yet: required answers are missing (⛔).")
                : null;
            return CardActionResult.ReplaceCard(PlanningCards.Draft(fresh, turn.Language, Today(form), error));
        }

        var creator = new Planner(turn.UserAadObjectId!, turn.UserName, null);
        var outcome = await planner.CreateAsync(form, ConferencePlanner.ProposeId(form), creator, turn.CancellationToken).ConfigureAwait(false);
        if (outcome.Failure == PlanningFailure.IdTaken)
        {
            outcome = await planner.CreateAsync(form, null, creator, turn.CancellationToken).ConfigureAwait(false);
        }

        if (outcome.Conference is not { } conference)
        {
            return CardActionResult.ReplaceCard(PlanningCards.Draft(draft, turn.Language, Today(form),
                string.Join(" ", outcome.Issues.Select(i => turn.Language.Pick(i.MessageVi, i.MessageEn)))));
        }

        // Remembered so that a second click, or a click on an old copy of the card, shows this conference again.
        await drafts.TryReplaceAsync(draft with { ConferenceId = conference.Id }, turn.CancellationToken).ConfigureAwait(false);
        return CardActionResult.ReplaceCard(PlanningCards.Created(conference, turn.Language, outcome.AlreadyExisted));
    }

    /// <summary>"Open the conference" on the created card: the organizer lets invitations go out.</summary>
    public async Task<CardActionResult> OpenAsync(TurnContext turn, CardAction action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(action);
        var conferenceId = action.GetString("conferenceId") ?? "";
        if ((await roles.GetAsync(conferenceId, turn.UserAadObjectId, turn.CancellationToken).ConfigureAwait(false) & ConferenceRole.Organizer) == 0)
        {
            return CardActionResult.Refuse(turn.T("Chỉ Ban Tổ chức của hội nghị này được mở hội nghị.", "Only this conference's organizers can open it."), "forbidden", 403);
        }

        var outcome = await planner.MoveAsync(conferenceId, ConferenceState.Open, turn.CancellationToken).ConfigureAwait(false);
        if (outcome.Conference is not { } conference)
        {
            return CardActionResult.Refuse(turn.Language.Pick(outcome.Issues[0].MessageVi, outcome.Issues[0].MessageEn), "state", 409);
        }

        return CardActionResult.ReplaceCard(PlanningCards.Opened(conference, turn.Language));
    }

    /// <summary>Agenda lines pasted on the card ("08h00 - 08h30 Khai mạc – Lãnh đạo UBND tỉnh") replace the agenda, read as a plan reads them.</summary>
    private static ConferenceForm ReadAgenda(ConferenceForm form, CardAction action, List<string> unreadable, TurnContext turn)
    {
        if (action.GetString(PlanningCards.AgendaInput) is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            return form;
        }

        var read = PlanReader.ReadText(text);
        if (read.Draft is not { Agenda.Count: > 0 } agenda)
        {
            unreadable.Add(turn.T("Không đọc được chương trình đã dán: mỗi dòng cần bắt đầu bằng giờ, ví dụ “08h00 - 08h30 Khai mạc”.",
                "The pasted agenda could not be read: each line must start with a time, e.g. “08h00 - 08h30 Opening”."));
            return form;
        }

        return form with { Agenda = ConferenceForm.FromDraft(agenda).Agenda };
    }

    private DateOnly Today(ConferenceForm form)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(form.TimeZone ?? PlanDraft.DefaultTimeZone, out var found) ? found : TimeZoneInfo.FindSystemTimeZoneById(PlanDraft.DefaultTimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan draft {DraftId} read ({Items} agenda items, {Issues} issues)")]
    private static partial void LogDraft(ILogger logger, string draftId, int items, int issues);
}

/// <summary>"tạo hội nghị": the start card, or a draft at once when the plan's text follows the command.</summary>
internal sealed class CreateConferenceCommand(PlanningChat chat) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "create-conference", ["tạo hội nghị", "tạo hội nghị mới"], ["create conference", "new conference"], CommandScope.Personal, OrganizerOnly: false,
        "Tạo hội nghị mới từ kế hoạch (gửi tệp .docx/.txt hoặc dán nội dung)", "Create a conference from its plan (send the .docx/.txt or paste it)")
    {
        NeedsConference = false,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!chat.MayCreate(turn))
        {
            await turn.SendTextAsync(PlanningChat.NotAllowed(turn)).ConfigureAwait(false);
            return;
        }

        var card = string.IsNullOrWhiteSpace(argument) ? PlanningCards.Start(turn.Language) : await chat.DraftFromAsync(turn, PlanReader.ReadText(argument)).ConfigureAwait(false);
        await turn.SendCardAsync(card, turn.T("Tạo hội nghị mới", "Create a conference")).ConfigureAwait(false);
    }
}

/// <summary>The planning cards' buttons.</summary>
internal sealed class PlanningCardActions(PlanningChat chat) : ICardActionHandler
{
    public string VerbPrefix => PlanningCards.VerbPrefix;

    /// <summary>A draft is no conference yet; "open" names its own in the card data.</summary>
    public bool NeedsConference => false;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(action);
        if (!turn.IsPersonal)
        {
            return CardActionResult.PersonalChatOnly(turn);
        }

        if (action.Verb == PlanningCards.OpenVerb)
        {
            return await chat.OpenAsync(turn, action).ConfigureAwait(false);
        }

        if (!chat.MayCreate(turn))
        {
            return CardActionResult.Refuse(PlanningChat.NotAllowed(turn), "forbidden", 403);
        }

        return action.Verb switch
        {
            PlanningCards.ReadVerb => CardActionResult.ReplaceCard(await chat.DraftFromAsync(turn, ReadPasted(action)).ConfigureAwait(false)),
            PlanningCards.CheckVerb => await chat.ReviewAsync(turn, action, create: false).ConfigureAwait(false),
            PlanningCards.ConfirmVerb => await chat.ReviewAsync(turn, action, create: true).ConfigureAwait(false),
            _ => CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid.")),
        };
    }

    private static PlanReadResult ReadPasted(CardAction action) =>
        action.GetString("planText") is { } text && !string.IsNullOrWhiteSpace(text)
            ? PlanReader.ReadText(text.Length > PlanningCards.MaxPastedLength ? text[..PlanningCards.MaxPastedLength] : text)
            : PlanReadResult.Refused("Hãy dán nội dung kế hoạch vào ô trước khi bấm “Đọc kế hoạch”.", "Paste the plan's text into the box before pressing “Read the plan”.");
}
