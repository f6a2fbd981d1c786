namespace KhConferenceBot.Features.Delegates;

/// <summary>The two download formats organizers get: CSV for any tool, Excel for the office.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}
