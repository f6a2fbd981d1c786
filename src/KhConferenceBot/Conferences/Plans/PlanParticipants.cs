using System.Globalization;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>
/// The plan's "Thành phần" section: the bullet lists under "Đại biểu mời:" (invited) and "Đại biểu triệu tập:"
/// (summoned) become delegate groups; "mỗi địa phương đăng ký 03 lãnh đạo" on a group gives its quota.
/// </summary>
internal static partial class PlanParticipants
{
    private const int MaxGroups = 200;

    public static (List<PlanDelegateGroup> Groups, PlanField<int>? Quota) Read(IEnumerable<PlanLine> lines, List<PlanIssue> doubts)
    {
        var groups = new List<PlanDelegateGroup>();
        PlanField<int>? quota = null;
        DelegateCategory? category = null;
        var inParticipants = false;
        var guessedCategory = false;

        foreach (var line in lines)
        {
            if (line.IsBlank)
            {
                continue;
            }

            var text = line.Text;
            var unbulleted = Bullet().Replace(text, "");
            if (CategoryHeading().Match(unbulleted) is { Success: true } heading)
            {
                inParticipants = true;
                category = heading.Groups["summoned"].Success ? DelegateCategory.Summoned : DelegateCategory.Invited;

                // "Đại biểu mời: Ban Thường vụ Tỉnh ủy; Đại biểu Quốc hội tỉnh" lists the groups on the heading's line.
                foreach (var name in heading.Groups["inline"].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    Add(name, line);
                }

                continue;
            }

            if (ParticipantsHeading().IsMatch(unbulleted))
            {
                inParticipants = true;
                category = null;
                continue;
            }

            if (Heading().IsMatch(text))
            {
                // A numbered heading ("3. Thời gian, địa điểm") or another lettered item ("a) Chủ trì") ends the list.
                inParticipants = false;
                continue;
            }

            if (inParticipants && text.Length != unbulleted.Length && !Label().IsMatch(unbulleted))
            {
                if (category is null && !guessedCategory)
                {
                    guessedCategory = true;
                    doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Groups),
                        "Thành phần đại biểu không chia “Đại biểu mời” và “Đại biểu triệu tập”: các nhóm được coi là khách mời. Hãy kiểm tra nhóm nào được triệu tập.",
                        "The participants are not split into invited and summoned delegates: all groups are taken as invited. Check which groups are summoned.",
                        line.Source));
                }

                Add(unbulleted, line);
            }
        }

        return (groups, quota);

        void Add(string rawName, PlanLine line)
        {
            var name = rawName.Trim().TrimEnd(';', '.', ',').Trim();
            if (name.Length == 0 || groups.Count >= MaxGroups)
            {
                return;
            }

            int? leaders = null;
            if (Quota().Match(name) is { Success: true } match
                && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 50)
            {
                leaders = n;
                quota ??= new PlanField<int>(n, line.Source);
            }

            groups.Add(new PlanDelegateGroup(category ?? DelegateCategory.Invited, name, Press().IsMatch(name), leaders, line.Source));
        }
    }

    /// <summary>"- ", "+ ", "- + ", "• ", "1) ", "(1) ": the markers offices put before list items.</summary>
    [GeneratedRegex(@"^(?:(?:[-+•–·▪●○]|\(?\d{1,2}\))\s*)+")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?:[a-zđ]\)\s*)?(?:(?:đại biểu|thành phần|thành phần đại biểu)\s+)?(?:(?<invited>kính mời|mời)|(?<summoned>triệu tập))(?:\s+tham dự)?\s*(?::\s*(?<inline>.*)|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CategoryHeading();

    [GeneratedRegex(@"^(?:\d{1,2}\.\s*|[a-zđ]\)\s*)?(?:thành phần|đại biểu tham dự|thành phần tham dự|thành phần đại biểu)(?:[^:]{0,80}:|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParticipantsHeading();

    [GeneratedRegex(@"^(?:(?:[IVX]{1,5}\.|\d{1,2}\.|[a-zđ]\))\s|Nơi nhận|TM\.|KT\.)", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    /// <summary>A labelled line ("Thời gian: …") inside the list is a field, not a group.</summary>
    [GeneratedRegex(@"^(?:thời gian|địa điểm|chủ trì|đồng chủ trì|kinh phí|số lượng)[^:]{0,30}:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"\bmỗi\s+(?:địa phương|huyện|đơn vị|xã|phường|cơ quan|sở|ngành|thị xã|thành phố)[^()0-9]{0,30}?(?:đăng ký|cử|mời)\s*(?:tối đa|không quá|từ)?\s*(?<n>\d{1,2})\s*(?:lãnh đạo|người|đại biểu|đồng chí|thành viên|cán bộ|công chức)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Quota();

    /// <summary>Press groups follow the conference as reporters ("đưa tin"); "Báo Khánh Hòa" is a newspaper, "Báo cáo" is not.</summary>
    [GeneratedRegex(@"(?i:báo chí|phát thanh|truyền hình|thông tấn|phóng viên|đưa tin|nhà báo)|\bBáo\s+(?!cáo)\p{Lu}", RegexOptions.CultureInvariant)]
    private static partial Regex Press();
}
