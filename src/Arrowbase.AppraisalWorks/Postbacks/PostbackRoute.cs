using System.Globalization;

namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// Rebuilds the API route of a postback event from its parsed parts (<c>/Orders/{uid}/{Event}[/{detailId}]</c>),
/// and refuses a postback whose <c>path</c> differs, is absolute, names a host, holds <c>..</c> or encoded
/// separators, or whose event is unknown. Nothing is ever requested from the sent path itself.
/// </summary>
public static class PostbackRoute
{
    /// <summary>Builds the route for an event, without checking its sent path.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <returns>The relative route, such as <c>/Orders/0987-0bbc-fe36-9AC9/Resume/1823005</c>.</returns>
    /// <exception cref="PostbackRouteException">The event is unknown or its transactionUID is unsafe.</exception>
    public static string Build(PostbackEvent postbackEvent)
    {
        ArgumentNullException.ThrowIfNull(postbackEvent);
        if (postbackEvent.KnownName is not { } name)
        {
            throw new PostbackRouteException($"The postback names an unknown event '{Printable(postbackEvent.EventName)}'; no request is made.");
        }

        if (Arrowbase.AppraisalWorks.TransactionUid.Check(postbackEvent.TransactionUid) is { } problem)
        {
            throw new PostbackRouteException("The postback's transactionUID " + problem);
        }

        return RouteOf(postbackEvent.TransactionUid, name, postbackEvent.DetailId, withDetail: false);
    }

    /// <summary>Builds the route and checks that the sent path (when present) matches it.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <returns>The rebuilt route.</returns>
    /// <exception cref="PostbackRouteException">The path is refused; the message says why.</exception>
    public static string Verify(PostbackEvent postbackEvent)
    {
        ArgumentNullException.ThrowIfNull(postbackEvent);
        string route = Build(postbackEvent);
        string? path = postbackEvent.Path;
        if (path is null)
        {
            return route;
        }

        if (path.Length > 2048)
        {
            throw new PostbackRouteException("The postback's path is too long.");
        }

        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith(@"\\", StringComparison.Ordinal)
            || (path.Length > 1 && path[1] == ':') || Uri.TryCreate(path, UriKind.Absolute, out var absolute) && !string.IsNullOrEmpty(absolute.Host))
        {
            throw new PostbackRouteException("The postback's path is absolute or names a host; only the rebuilt relative route is used.");
        }

        if (path.Contains('%', StringComparison.Ordinal))
        {
            throw new PostbackRouteException("The postback's path holds percent-encoded characters (such as %2F, %5C or %2E), which are refused.");
        }

        if (path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(s => s is "." or ".."))
        {
            throw new PostbackRouteException("The postback's path holds '..', '.' or '\\' segments, which are refused.");
        }

        if (path.Any(char.IsControl) || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
        {
            throw new PostbackRouteException("The postback's path holds a query, a fragment or control characters, which are refused.");
        }

        if (!Matches(postbackEvent.TransactionUid, postbackEvent.KnownName!, postbackEvent.DetailId, path))
        {
            throw new PostbackRouteException($"The postback's path does not match its transactionUID, eventName and detailId (expected '{route}').");
        }

        return route;
    }

    /// <summary>
    /// Returns the documented event whose route, rebuilt for <paramref name="transactionUid"/> and
    /// <paramref name="detailId"/>, is exactly <paramref name="path"/> (ignoring case); null when the path is absent,
    /// malformed, hostile or names no documented event. Only the rebuilt route is ever requested.
    /// </summary>
    internal static string? EventOfPath(string transactionUid, long detailId, string? path)
    {
        if (path is null || path.Length > 256 || TransactionUid.Check(transactionUid) is not null)
        {
            return null;
        }

        string[] segments = path.Split('/');
        if (segments.Length is < 4 or > 5 || segments[0].Length != 0)
        {
            return null;
        }

        string? name = PostbackEventNames.FromRouteSegment(segments[3]);
        return name is not null && Matches(transactionUid, name, detailId, path) ? name : null;
    }

    // The rebuilt route, or (for a detailId of 0 or a detail-less event, which may be sent either way) the route
    // with the detail segment: a path equal to one of them holds only the route's own safe characters.
    private static bool Matches(string transactionUid, string name, long detailId, string path) =>
        string.Equals(path, RouteOf(transactionUid, name, detailId, withDetail: false), StringComparison.OrdinalIgnoreCase)
        || string.Equals(path, RouteOf(transactionUid, name, detailId, withDetail: true), StringComparison.OrdinalIgnoreCase);

    private static string RouteOf(string transactionUid, string name, long detailId, bool withDetail)
    {
        string route = "/Orders/" + Uri.EscapeDataString(transactionUid) + "/" + name;
        bool hasDetail = withDetail || (detailId != 0 && !PostbackEventNames.WithoutDetail.Contains(name));
        return hasDetail ? route + "/" + detailId.ToString(CultureInfo.InvariantCulture) : route;
    }

    private static string Printable(string value) =>
        new(value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <summary>A postback's route is refused (unknown event, or a path that does not match its parts); no request was sent.</summary>
public sealed class PostbackRouteException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public PostbackRouteException()
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PostbackRouteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PostbackRouteException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
