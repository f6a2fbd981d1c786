using KhConferenceBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddConferenceBot();

var app = builder.Build();
app.MapConferenceBot();
app.Run();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
