using System.Net.Mail;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>What a delegate asked for, straight from the card's inputs (untrusted, not yet validated).</summary>
public sealed record RsvpRequest(RsvpAnswer Answer, string? Reason = null, string? SubstituteName = null, string? SubstitutePosition = null, string? SubstituteEmail = null);

public enum RsvpOutcome
{
    Refused,
    Unchanged,
    Changed,
}

public sealed record RsvpDecision(RsvpOutcome Outcome, RsvpRecord? Record, BilingualText? Refusal)
{
    public static RsvpDecision Refuse(string vi, string en) => new(RsvpOutcome.Refused, null, new BilingualText(vi, en));
}

/// <summary>The plan's rules for answering an invitation, with no storage in sight so they can be checked on their own.</summary>
public static class RsvpRules
{
    public const int MaxReasonLength = 500;
    public const int MaxNameLength = 100;
    public const int MaxPositionLength = 200;
    public const int MaxEmailLength = 254;

    /// <summary>Answers are taken until the deadline, and never once the conference has begun, whatever deadline was set.</summary>
    public static bool IsOpen(Conference conference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return now <= conference.EffectiveRsvpDeadline && now < conference.StartsAt;
    }

    public static RsvpDecision Decide(Conference conference, ConferenceDelegate delegateInfo, RsvpRecord? existing, RsvpRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(delegateInfo);
        ArgumentNullException.ThrowIfNull(request);

        if (!IsOpen(conference, now))
        {
            return RsvpDecision.Refuse(
                $"Đã hết hạn đăng ký tham dự ({FormatDeadline(conference, Language.Vi)}). Câu trả lời không được thay đổi; xin liên hệ Ban Tổ chức nếu cần.",
                $"Replies closed on {FormatDeadline(conference, Language.En)}. Nothing was changed; please contact the organizers if needed.");
        }

        var candidate = request.Answer switch
        {
            RsvpAnswer.Attend => Changed(Attend(conference, delegateInfo, now)),
            RsvpAnswer.Decline => Decline(conference, delegateInfo, request, now),
            RsvpAnswer.Substitute => Substitute(conference, delegateInfo, request, now),
            _ => RsvpDecision.Refuse("Câu trả lời không hợp lệ.", "That answer is not valid."),
        };
        if (candidate.Record is not { } valid)
        {
            return candidate;
        }

        return existing is not null && existing.SameAnswerAs(valid)
            ? new RsvpDecision(RsvpOutcome.Unchanged, existing, null)
            : new RsvpDecision(RsvpOutcome.Changed, valid with { ETag = existing?.ETag }, null);
    }

    /// <summary>"23h59, ngày 29 tháng 11 năm 2026" in the conference's time zone.</summary>
    public static string FormatDeadline(Conference conference, Language language)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return conference.FormatInstant(conference.EffectiveRsvpDeadline, language);
    }

    /// <summary>Trims and checks a free-text field; null when it is empty.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static bool IsValidEmail(string? email)
    {
        if (email is null || email.Length > MaxEmailLength || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        return MailAddress.TryCreate(email, out var parsed) && string.Equals(parsed.Address, email, StringComparison.OrdinalIgnoreCase)
            && parsed.Host.Contains('.', StringComparison.Ordinal);
    }

    private static RsvpRecord Attend(Conference conference, ConferenceDelegate delegateInfo, DateTimeOffset now) => new()
    {
        ConferenceId = conference.Id,
        DelegateId = delegateInfo.Id,
        Answer = RsvpAnswer.Attend,
        AnsweredAt = now,
    };

    private static RsvpDecision Decline(Conference conference, ConferenceDelegate delegateInfo, RsvpRequest request, DateTimeOffset now)
    {
        var reason = Clean(request.Reason);
        if (reason is null && delegateInfo.Category == DelegateCategory.Summoned)
        {
            return RsvpDecision.Refuse(
                "Đại biểu được triệu tập vui lòng nêu lý do vắng mặt.",
                "Summoned delegates must give a reason for not attending.");
        }

        if (reason is { Length: > MaxReasonLength })
        {
            return RsvpDecision.Refuse($"Lý do quá dài (tối đa {MaxReasonLength} ký tự).", $"The reason is too long (at most {MaxReasonLength} characters).");
        }

        return Changed(new RsvpRecord { ConferenceId = conference.Id, DelegateId = delegateInfo.Id, Answer = RsvpAnswer.Decline, Reason = reason, AnsweredAt = now });
    }

    private static RsvpDecision Substitute(Conference conference, ConferenceDelegate delegateInfo, RsvpRequest request, DateTimeOffset now)
    {
        var name = Clean(request.SubstituteName);
        var position = Clean(request.SubstitutePosition);
        var email = Clean(request.SubstituteEmail)?.ToLowerInvariant();
        if (name is null || position is null)
        {
            return RsvpDecision.Refuse("Vui lòng nhập họ tên và chức vụ của người dự thay.", "Please enter the substitute's name and position.");
        }

        if (name.Length > MaxNameLength || position.Length > MaxPositionLength)
        {
            return RsvpDecision.Refuse(
                $"Họ tên (tối đa {MaxNameLength} ký tự) hoặc chức vụ (tối đa {MaxPositionLength} ký tự) quá dài.",
                $"The name (at most {MaxNameLength} characters) or position (at most {MaxPositionLength}) is too long.");
        }

        if (email is not null && !IsValidEmail(email))
        {
            return RsvpDecision.Refuse("Địa chỉ email của người dự thay không hợp lệ.", "The substitute's email address is not valid.");
        }

        if (email is not null && delegateInfo.Email is { } own && string.Equals(own.Trim(), email, StringComparison.OrdinalIgnoreCase))
        {
            return RsvpDecision.Refuse("Người dự thay phải là người khác, không phải chính Quý đại biểu.", "The substitute must be someone other than you.");
        }

        return Changed(new RsvpRecord
        {
            ConferenceId = conference.Id,
            DelegateId = delegateInfo.Id,
            Answer = RsvpAnswer.Substitute,
            SubstituteName = name,
            SubstitutePosition = position,
            SubstituteEmail = email,
            AnsweredAt = now,
        });
    }

    private static RsvpDecision Changed(RsvpRecord record) => new(RsvpOutcome.Changed, record, null);
}
