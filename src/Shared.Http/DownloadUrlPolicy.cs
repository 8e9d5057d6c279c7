using System.Net;
using System.Net.Sockets;

namespace Valuation.Http;

/// <summary>
/// Which download URLs (a callout's <c>download_url</c>, an export's <c>exported_data</c>) a client fetches: https
/// only (plain http only to a loopback host while the base address is loopback, for a local sandbox), and no IP
/// literal in the loopback, link-local, private, shared or unique-local ranges unless the client's options allow
/// private-network download hosts. A host name is not resolved here; a name that resolves to a private address is
/// the network's concern.
/// </summary>
internal static class DownloadUrlPolicy
{
    /// <summary>Gets why <paramref name="url"/> is refused, or null when it may be fetched.</summary>
    /// <param name="url">The download URL.</param>
    /// <param name="baseAddress">The client's API root.</param>
    /// <param name="allowPrivateNetwork">Whether private-network hosts are allowed.</param>
    /// <returns>The reason, phrased to follow "refused because", or null.</returns>
    public static string? Refusal(Uri url, Uri baseAddress, bool allowPrivateNetwork)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!url.IsAbsoluteUri)
        {
            return "it is not an absolute URL";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "it carries user info";
        }

        bool sandbox = baseAddress.IsAbsoluteUri && baseAddress.IsLoopback;
        string? range = Range(url);
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            if (!(sandbox && range == "loopback"))
            {
                return "it is plain http (only https is fetched; http only to a loopback host while the base address is loopback, for a local sandbox)";
            }
        }
        else if (url.Scheme != Uri.UriSchemeHttps)
        {
            return $"its scheme is '{url.Scheme}', not https";
        }

        if (range is null || allowPrivateNetwork || (sandbox && range == "loopback"))
        {
            return null;
        }

        return $"its host is a {range} address (allow it with AllowPrivateNetworkDownloadHosts)";
    }

    /// <summary>The private range that the URL's host lies in, or null for a public address or a host name other than localhost.</summary>
    internal static string? Range(Uri url)
    {
        if (url.IsLoopback)
        {
            return "loopback";
        }

        if (url.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(url.DnsSafeHost, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => "unspecified",
                10 => "private",
                100 when (b[1] & 0xC0) == 64 => "shared (carrier-grade NAT)",
                169 when b[1] == 254 => "link-local",
                172 when (b[1] & 0xF0) == 16 => "private",
                192 when b[1] == 168 => "private",
                >= 224 => "multicast or reserved",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        return address.IsIPv6LinkLocal ? "link-local"
            : address.IsIPv6UniqueLocal ? "unique-local"
            : address.IsIPv6SiteLocal ? "site-local"
            : address.IsIPv6Multicast ? "multicast or reserved"
            : null;
    }
}
