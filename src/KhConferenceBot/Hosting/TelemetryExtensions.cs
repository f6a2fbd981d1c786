using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KhConferenceBot.Hosting;

public static class TelemetryExtensions
{
    public const string ServiceName = "KhConferenceBot";

    /// <summary>Traces and metrics for inbound requests, outbound HTTP and the bot's own meters; exported by OTLP when configured.</summary>
    public static WebApplicationBuilder AddConferenceTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("KhConferenceBot.*");
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter("KhConferenceBot.*");
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            });
        return builder;
    }
}
