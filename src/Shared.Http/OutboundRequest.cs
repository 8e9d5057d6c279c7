namespace Valuation.Http;

/// <summary>
/// A request that carries its <see cref="OutboundCall"/> in a field, for the retry predicate and the timeout
/// generators, instead of in <see cref="HttpRequestMessage.Options"/> (a dictionary per request on the path
/// without resilience). The resilience handler re-sends the same instance, so the call stays attached.
/// </summary>
internal sealed class OutboundRequest : HttpRequestMessage
{
    /// <summary>Initializes a request.</summary>
    /// <param name="method">The method.</param>
    /// <param name="requestUri">The absolute URI.</param>
    public OutboundRequest(HttpMethod method, Uri requestUri)
        : base(method, requestUri)
    {
    }

    /// <summary>Gets or sets the call this request belongs to.</summary>
    internal OutboundCall? Call { get; set; }
}
