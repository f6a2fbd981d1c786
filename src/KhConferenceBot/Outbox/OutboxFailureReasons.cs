using KhConferenceBot.Teams.Connector;

namespace KhConferenceBot.Outbox;

/// <summary>Short Vietnamese explanations organizers read in delivery reports, keyed by the Teams (or resolver) code.</summary>
public static class OutboxFailureReasons
{
    public const string NotATeamsUser = "NotATeamsUser";
    public const string AppBlocked = "AppBlocked";
    public const string AppNotInCatalog = "AppNotInCatalog";
    public const string InvalidActivity = "InvalidActivity";
    public const string NoRecipient = "NoRecipient";
    public const string GraphError = "GraphError";
    public const string MailNotConfigured = "MailNotConfigured";
    public const string InvalidMail = "InvalidMail";
    public const string MailRecipientRejected = "MailRecipientRejected";
    public const string MailboxForbidden = "MailboxForbidden";
    public const string MailRefused = "MailRefused";
    public const string MailThrottled = "MailThrottled";
    public const string MailServiceError = "MailServiceError";

    /// <summary>Cancelled, not failed: the delegate was taken off the list before the message went out.</summary>
    public const string Removed = "removed";

    public static string For(TeamsErrorKind kind) => kind switch
    {
        TeamsErrorKind.BotNotInConversationRoster => "Đại biểu chưa cài ứng dụng hội nghị trên Teams nên bot không có trong cuộc trò chuyện.",
        TeamsErrorKind.ConversationBlockedByUser => "Đại biểu đã chặn bot hội nghị.",
        TeamsErrorKind.MessageWritesBlocked => "Cuộc trò chuyện đang chặn tin nhắn mới.",
        TeamsErrorKind.BotDisabledByAdmin => "Quản trị viên Teams của đơn vị đã tắt bot hội nghị.",
        TeamsErrorKind.UserNotFound => "Teams không tìm thấy tài khoản của đại biểu (mã tài khoản sai hoặc không thuộc tổ chức); hãy sửa danh sách đại biểu rồi gửi lại.",
        TeamsErrorKind.ConversationNotFound => "Không tìm thấy cuộc trò chuyện trên Teams.",
        TeamsErrorKind.MessageSizeTooBig => "Tin nhắn quá lớn, Teams không nhận.",
        TeamsErrorKind.BotNotRegistered => "Bot chưa được đăng ký đúng hoặc sai thông tin xác thực.",
        TeamsErrorKind.Forbidden => "Teams từ chối gửi tin (không có quyền).",
        TeamsErrorKind.BadRequest => "Teams từ chối nội dung tin nhắn (yêu cầu không hợp lệ).",
        TeamsErrorKind.UntrustedServiceUrl => "Địa chỉ dịch vụ Teams không nằm trong danh sách tin cậy.",
        TeamsErrorKind.Throttled => "Teams đang giới hạn tốc độ gửi; đã thử lại nhiều lần không được.",
        TeamsErrorKind.PreconditionFailed or TeamsErrorKind.ServiceError or TeamsErrorKind.Timeout => "Teams tạm thời không phản hồi; đã thử lại nhiều lần không được.",
        _ => "Teams từ chối gửi tin vì lý do không xác định.",
    };

    public static string For(string code) => code switch
    {
        NotATeamsUser => "Không tìm thấy người dùng Teams với mã định danh này (không phải tài khoản Teams của tổ chức).",
        AppBlocked => "Không cài được ứng dụng hội nghị cho đại biểu: ứng dụng bị quản trị viên chặn.",
        AppNotInCatalog => "Không cài được ứng dụng hội nghị cho đại biểu: ứng dụng chưa có trong danh mục ứng dụng của tổ chức.",
        InvalidActivity => "Nội dung tin nhắn trong hàng đợi bị hỏng, không đọc được.",
        NoRecipient => "Không có người nhận: thiếu mã người dùng và mã cuộc trò chuyện.",
        GraphError => "Microsoft Graph báo lỗi khi tìm hoặc cài ứng dụng cho đại biểu.",
        MailNotConfigured => "Chưa cấu hình hộp thư gửi thư mời (Mail:Mailbox), nên không gửi được email.",
        InvalidMail => "Nội dung email trong hàng đợi bị hỏng, không đọc được.",
        MailRecipientRejected => "Địa chỉ email của đại biểu không hợp lệ, máy chủ thư từ chối; hãy sửa danh sách đại biểu rồi gửi lại.",
        MailboxForbidden => "Ứng dụng không có quyền gửi thư từ hộp thư của cơ quan (quyền Mail.Send hoặc chính sách truy cập của Exchange).",
        MailRefused => "Máy chủ thư từ chối gửi email này.",
        MailThrottled => "Máy chủ thư đang giới hạn tốc độ gửi; đã thử lại nhiều lần không được.",
        MailServiceError => "Máy chủ thư tạm thời không phản hồi; đã thử lại nhiều lần không được.",
        Removed => "Không gửi: đại biểu đã được bỏ khỏi danh sách trước lúc gửi.",
        _ => Enum.TryParse<TeamsErrorKind>(code, out var kind) ? For(kind) : "Gửi không thành công vì lý do không xác định.",
    };
}
