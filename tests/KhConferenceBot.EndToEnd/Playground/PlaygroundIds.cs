namespace KhConferenceBot.EndToEnd.Playground;

/// <summary>A Playground user: its channel id (what the conversation API uses) and Entra object id (what the bot keys on).</summary>
public sealed record PlaygroundUser(string Id, string AadObjectId, string Name);

/// <summary>
/// The fixed ids written by scripts/playground-config. <see cref="PlaygroundServer"/> checks them against the running
/// Playground's /_internal/v1/config, so a change to the script that is not mirrored here fails loudly.
/// </summary>
public static class PlaygroundIds
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000ff";
    public const string BotId = "KhConferenceBot";
    public const string BotName = "KhConferenceBot";

    public const string PersonalChat = "personal-chat-a0";
    public const string GroupChat = "group-chat-hoi-nghi";

    /// <summary>The team's General channel; its conversation id is the team id.</summary>
    public const string GeneralChannel = "team-hoi-nghi-general";
    public const string SecondChannel = "team-hoi-nghi-dai-bieu";

    /// <summary>a0, the organizer and the UI's current user.</summary>
    public static readonly PlaygroundUser MaiAnh = new("user-id-0", "00000000-0000-0000-0000-0000000000a0", "Trần Thị Mai Anh");
    public static readonly PlaygroundUser Hung = new("user-id-1", "00000000-0000-0000-0000-0000000000a1", "Nguyễn Văn Hùng");
    public static readonly PlaygroundUser ThuHa = new("user-id-2", "00000000-0000-0000-0000-0000000000a2", "Lê Thị Thu Hà");
    public static readonly PlaygroundUser Tuan = new("user-id-3", "00000000-0000-0000-0000-0000000000a3", "Phạm Minh Tuấn");
    public static readonly PlaygroundUser NgocLan = new("user-id-4", "00000000-0000-0000-0000-0000000000a4", "Võ Thị Ngọc Lan");

    /// <summary>a5: in the sample's delegates.csv without an object id, so the bot cannot match them to a delegate.</summary>
    public static readonly PlaygroundUser QuocBao = new("user-id-5", "00000000-0000-0000-0000-0000000000a5", "Đặng Quốc Bảo");

    public static IReadOnlyList<PlaygroundUser> AllUsers { get; } = [MaiAnh, Hung, ThuHa, Tuan, NgocLan, QuocBao];

    public static string OrganizerObjectId => MaiAnh.AadObjectId;
}
