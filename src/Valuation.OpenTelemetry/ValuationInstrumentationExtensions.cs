using Valuation.OpenTelemetry;

namespace OpenTelemetry.Trace
{
    /// <summary>Adds the Valuation.Clients sources to OpenTelemetry tracing.</summary>
    public static class ValuationTracerProviderBuilderExtensions
    {
        /// <summary>
        /// Adds the spans of the HouseCanary and AppraisalWorks clients and of the webhook engine
        /// (<see cref="ValuationInstrumentation.Names"/>). Add the HTTP client and ASP.NET Core instrumentation as
        /// well to see each attempt's HTTP span under its operation, and each webhook span under its request.
        /// </summary>
        /// <param name="builder">The tracer provider builder.</param>
        /// <returns>The builder.</returns>
        public static TracerProviderBuilder AddValuationInstrumentation(this TracerProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            foreach (var name in ValuationInstrumentation.Names)
            {
                builder.AddSource(name);
            }

            return builder;
        }
    }
}

namespace OpenTelemetry.Metrics
{
    /// <summary>Adds the Valuation.Clients meters to OpenTelemetry metrics.</summary>
    public static class ValuationMeterProviderBuilderExtensions
    {
        /// <summary>
        /// Adds the instruments of the HouseCanary and AppraisalWorks clients and of the webhook engine
        /// (<see cref="ValuationInstrumentation.Names"/>): orders created, operation durations, retries, webhooks by
        /// outcome, verification failures, duplicates, handler durations, inbox depth and age.
        /// </summary>
        /// <param name="builder">The meter provider builder.</param>
        /// <returns>The builder.</returns>
        public static MeterProviderBuilder AddValuationInstrumentation(this MeterProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            foreach (var name in ValuationInstrumentation.Names)
            {
                builder.AddMeter(name);
            }

            return builder;
        }
    }
}
