using System.Globalization;
using System.Text.Json;
using Valuation.Webhooks;

namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// Builds postbacks as AppraisalWorks sends them, with the credentials a <see cref="PostbackOptions"/> expects, for
/// users' own tests of their receivers.
/// </summary>
public static class PostbackTestMessages
{
    /// <summary>Builds a postback body, with the documented path (no detail segment when detailId is 0 or unused).</summary>
    /// <param name="transactionUid">The transactionUID.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="detailId">The detailId.</param>
    /// <param name="path">The path to send instead of the documented one (for negative tests).</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] CreateBody(string transactionUid, string eventName, long detailId, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(transactionUid);
        ArgumentNullException.ThrowIfNull(eventName);
        path ??= DocumentedPath(transactionUid, eventName, detailId);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("apiEvent");
            writer.WriteString("transactionUID", transactionUid);
            writer.WriteString("eventName", eventName);
            writer.WriteString("detailId", detailId.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("path", path);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Builds a postback request carrying the credentials that <paramref name="options"/> checks.</summary>
    /// <param name="options">The receiver's postback options.</param>
    /// <param name="transactionUid">The transactionUID.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="detailId">The detailId.</param>
    /// <param name="path">The path to send instead of the documented one.</param>
    /// <returns>The request.</returns>
    public static WebhookRequest CreateRequest(PostbackOptions options, string transactionUid, string eventName, long detailId, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return WebhookTestRequests.Create(options, CreateBody(transactionUid, eventName, detailId, path));
    }

    /// <summary>The path AppraisalWorks documents for an event; a heading spelling (<c>On Hold</c>) gives its route segment (<c>Hold</c>).</summary>
    /// <param name="transactionUid">The transactionUID.</param>
    /// <param name="eventName">The event name, in any recognised spelling.</param>
    /// <param name="detailId">The detailId.</param>
    /// <returns>The path, such as <c>/Orders/0987-0bbc-fe36-9AC9/Resume/1823005</c>.</returns>
    public static string DocumentedPath(string transactionUid, string eventName, long detailId)
    {
        ArgumentNullException.ThrowIfNull(transactionUid);
        ArgumentNullException.ThrowIfNull(eventName);
        string segment = PostbackEventNames.Normalize(eventName) ?? eventName;
        string path = "/Orders/" + transactionUid + "/" + segment;
        return detailId == 0 || PostbackEventNames.WithoutDetail.Contains(segment, StringComparer.OrdinalIgnoreCase)
            ? path
            : path + "/" + detailId.ToString(CultureInfo.InvariantCulture);
    }
}
