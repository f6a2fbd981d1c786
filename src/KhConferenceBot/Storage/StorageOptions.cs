using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Azure Storage connection string (tables). Azurite locally.</summary>
    [Required(ErrorMessage = "Storage:ConnectionString is required (Azurite locally: UseDevelopmentStorage=true).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Prefix of every table name, so several deployments or test runs can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,19}$", ErrorMessage = "Storage:TablePrefix must be 1-20 letters or digits, starting with a letter.")]
    public string TablePrefix { get; set; } = "khcb";
}
