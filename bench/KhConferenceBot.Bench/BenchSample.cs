using System.Globalization;
using System.Text;
using KhConferenceBot.Testing;

/// <summary>The shipped sample conference with a delegate list of the size a benchmark needs.</summary>
internal static class BenchSample
{
    public const string ConferenceId = "khanh-hoa-2023";

    private const string SummonedGroup = "Lãnh đạo các cơ quan chuyên môn cấp tỉnh, Ban Quản lý Khu kinh tế Vân Phong, các cơ quan ngành dọc cấp tỉnh, các đơn vị sự nghiệp công lập trực thuộc UBND tỉnh";

    /// <summary>
    /// The shipped sample plan with its delegate list replaced by <paramref name="count"/> summoned delegates with Teams
    /// accounts; returns the plan's path for <c>Planning:SamplePlans</c> (the folder's name is the conference id).
    /// </summary>
    public static string Write(string name, int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), "khcb-bench-" + name + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ConferenceId);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        var csv = new StringBuilder("name,position,organisation,group,email,district,aadObjectId\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Đại biểu số {i + 1},Phó Giám đốc,Sở số {i + 1},\"{SummonedGroup}\",{Email(i)},,{Aad(i)}\n");
        }

        File.WriteAllText(Path.Combine(folder, "delegates.csv"), csv.ToString());
        return Path.Combine(folder, "ke-hoach.txt");
    }

    public static string Email(int i) => $"daibieu{i:D5}@khanhhoa.example";

    public static string Aad(int i) => $"00000000-0000-0000-0004-{i:D12}";

    /// <summary>A personal-chat text message from a user of <paramref name="tenant"/>, as Teams posts it.</summary>
    public static KhConferenceBot.Teams.Schema.Activity Message(string id, string text, string aad, string conversationId, string tenant, string serviceUrl) => new()
    {
        Type = KhConferenceBot.Teams.Schema.ActivityTypes.Message,
        Id = id,
        Text = text,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        Locale = "vi-VN",
        From = new KhConferenceBot.Teams.Schema.ChannelAccount { Id = "29:bench-" + aad, AadObjectId = aad, Name = "Đại biểu" },
        Recipient = new KhConferenceBot.Teams.Schema.ChannelAccount { Id = "28:bench-bot", Name = "KhConferenceBot" },
        Conversation = new KhConferenceBot.Teams.Schema.ConversationAccount { Id = conversationId, ConversationType = KhConferenceBot.Teams.Schema.ConversationTypes.Personal, TenantId = tenant },
        ChannelData = new KhConferenceBot.Teams.Schema.TeamsChannelData { Tenant = new KhConferenceBot.Teams.Schema.TenantInfo { Id = tenant } },
    };
}
