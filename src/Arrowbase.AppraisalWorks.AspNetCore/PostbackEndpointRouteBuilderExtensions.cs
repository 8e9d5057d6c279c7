using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the AppraisalWorks postback endpoint.</summary>
public static class PostbackEndpointRouteBuilderExtensions
{
    /// <summary>The route the samples and the documentation use.</summary>
    public const string DefaultPattern = "/postbacks/appraisalworks";

    /// <summary>
    /// Maps <c>POST {pattern}</c> to the postback receiver registered with
    /// <c>services.AddAppraisalWorksPostbacks&lt;THandler&gt;(configuration.GetSection("AppraisalWorks:Postbacks"))</c>:
    /// checked (optional shared secret), its path refused unless it matches the route rebuilt from its parts,
    /// de-duplicated, its details fetched with a signed GET (or stored in the inbox, answered 200 at once, and fetched
    /// by the worker), and answered by the engine's status table.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route (default <c>/postbacks/appraisalworks</c>).</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="InvalidOperationException">The receiver is not registered, or its options are invalid (the message says which).</exception>
    public static IEndpointConventionBuilder MapAppraisalWorksPostbacks(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var processor = endpoints.ServiceProvider.GetService<PostbackProcessor>()
            ?? throw new InvalidOperationException("The AppraisalWorks postback receiver is not registered: call builder.Services.AddAppraisalWorksPostbacks<THandler>(builder.Configuration.GetSection(\"AppraisalWorks:Postbacks\")) and builder.Services.AddAppraisalWorks(...) first.");
        return endpoints.MapWebhookReceiver(pattern, processor);
    }
}
