using KhConferenceBot.Hosting;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddConferenceBot();

var app = builder.Build();
app.MapConferenceBot();

try
{
    // Validate before the host starts, so a bad setting is reported in one clear list rather than a host crash log.
    app.Services.GetService<IStartupValidator>()?.Validate();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    return SettingsValidation.ReportAndExit(ex.Failures);
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
{
    return SettingsValidation.ReportAndExit(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
}

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
