namespace Valuation.Http;

/// <summary>How a call reads its response: bounded by the total timeout, or streamed and bounded by the idle timeout.</summary>
internal enum OutboundMode
{
    /// <summary>A JSON call: <see cref="OutboundSettings.TotalRequestTimeout"/> bounds the whole call, reading the body included.</summary>
    Buffered = 0,

    /// <summary>
    /// A streamed upload or download (tens of MB): no total timeout; the call ends when no byte moved for
    /// <see cref="OutboundSettings.IdleTimeout"/>, or on the caller's token.
    /// </summary>
    Streamed = 1,
}

/// <summary>The settings of one client's outbound calls, read from its options at each call (so a reload takes effect).</summary>
/// <param name="BaseAddress">The API root; credentials go only to URIs under it.</param>
/// <param name="TotalRequestTimeout">The bound of a whole JSON call, attempts, retry delays and body included.</param>
/// <param name="IdleTimeout">The longest a streamed body may move no byte.</param>
/// <param name="MaxResponseBytes">The largest JSON response body read.</param>
/// <param name="MaxDownloadBytes">The largest streamed response body read.</param>
/// <param name="AllowPrivateNetworkDownloadHosts">Whether download URLs may name loopback, link-local, private or unique-local IP addresses.</param>
/// <param name="VendorName">The vendor's name for messages ("HouseCanary", "AppraisalWorks").</param>
/// <param name="OptionsSection">The configuration section for messages ("HouseCanary", "AppraisalWorks").</param>
internal sealed record OutboundSettings(
    Uri BaseAddress,
    TimeSpan TotalRequestTimeout,
    TimeSpan IdleTimeout,
    long MaxResponseBytes,
    long MaxDownloadBytes,
    bool AllowPrivateNetworkDownloadHosts,
    string VendorName,
    string OptionsSection);
