using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Cards;
using QRCoder;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// The pass as a card: the QR (a PNG in a data: URI, about 1 KB, well inside Teams' 1 MB and 1024 px image limits and
/// not counted in the 100 KB message limit), the short code to read aloud, name, unit and seat group, and a button to
/// check in with the hall code. The QR holds only the signed token.
/// </summary>
public static class PassCard
{
    public const string SelfCheckInVerb = "checkin.self";
    public const string HallCodeInput = "hallCode";

    /// <summary>Eight pixels a module: a 41-module code (token and quiet zone) is 328 px, sharp on a phone held up to a camera.</summary>
    private const int PixelsPerModule = 8;

    public static byte[] QrPng(string token)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(token, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }

    /// <summary>"K7P 3MX": two groups of three, read aloud without losing one's place.</summary>
    public static string Spaced(string code) => code.Length == PassToken.CodeLength ? code[..3] + " " + code[3..] : code;

    public static AdaptiveCard Build(Conference conference, CheckInPass pass, CheckInRecord? checkedIn, Language language)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(pass);
        var person = pass.Holder.Person;
        string T(string vi, string en) => language.Pick(vi, en);

        var facts = new List<Fact> { new(T("Họ và tên", "Name"), CardText.Plain(person.Name)) };
        if (!string.IsNullOrWhiteSpace(person.Position))
        {
            facts.Add(new(T("Chức vụ", "Position"), CardText.Plain(person.Position)));
        }

        if (!string.IsNullOrWhiteSpace(person.Organisation))
        {
            facts.Add(new(T("Đơn vị", "Unit"), CardText.Plain(person.Organisation)));
        }

        facts.Add(new(T("Nhóm chỗ ngồi", "Seat group"), CardText.Plain(conference.FindGroup(person.GroupId)?.Name.Get(language) ?? person.GroupId)));
        if (pass.Holder.SubstituteForName is { } original)
        {
            facts.Add(new(T("Dự thay", "Substitute for"), CardText.Plain(original)));
        }

        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("THẺ DỰ HỘI NGHỊ", "CONFERENCE PASS")) { Size = TextSize.Medium, Weight = TextWeight.Bolder, HorizontalAlignment = HorizontalAlignment.Center },
                new TextBlock(CardText.Plain(conference.ShortName.Get(language))) { IsSubtle = true, Spacing = Spacing.None, HorizontalAlignment = HorizontalAlignment.Center },
                new Image("data:image/png;base64," + Convert.ToBase64String(QrPng(pass.Token)), T("Mã QR của thẻ dự hội nghị", "The pass's QR code"))
                {
                    PixelWidth = 220,
                    HorizontalAlignment = HorizontalAlignment.Center,
                },
                new TextBlock(T("Mã thẻ: ", "Pass code: ") + "**" + Spaced(pass.Code) + "**") { Size = TextSize.Large, HorizontalAlignment = HorizontalAlignment.Center },
                new FactSet { Facts = facts },
            },
        };

        if (checkedIn is not null)
        {
            card.Body.Add(new TextBlock("✅ " + T("Đã điểm danh ", "Checked in ") + CheckInService.WhenAndWhere(conference, checkedIn, language) + ".")
            {
                Color = TextColor.Good,
                Weight = TextWeight.Bolder,
            });
            return card;
        }

        card.Body.Add(new TextBlock(T(
            "Xin xuất trình mã QR (hoặc đọc mã thẻ) tại bàn đón tiếp. Thẻ chỉ dành cho Quý đại biểu; khi câu trả lời thay đổi, thẻ mới được cấp và thẻ này hết hiệu lực.",
            "Show the QR code (or read out the pass code) at the reception desk. The pass is yours alone; if your answer changes, a new pass replaces this one."))
        {
            IsSubtle = true,
            Size = TextSize.Small,
        });
        card.Actions.Add(new ShowCardAction(T("Tự điểm danh", "Check in myself"), new AdaptiveCard
        {
            Body =
            {
                new TextBlock(T("Nhập mã hội trường đang hiện trên màn hình ở cửa hội trường.", "Type the hall code shown on the screen at the hall's entrance.")),
                new TextInput(HallCodeInput)
                {
                    Label = T("Mã hội trường (6 chữ số)", "Hall code (6 digits)"),
                    Placeholder = "000000",
                    MaxLength = 12,
                    IsRequired = true,
                    ErrorMessage = T("Xin nhập mã hội trường.", "Please type the hall code."),
                },
            },
            Actions = { new ExecuteAction(T("Điểm danh", "Check in"), SelfCheckInVerb, new { conferenceId = conference.Id }) },
        }));
        return card;
    }
}
