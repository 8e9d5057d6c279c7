using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Valuation.Http;

namespace HouseCanary.OrderManager.Http;

/// <summary>Turns an unsuccessful response into an <see cref="OrderManagerException"/>, reading at most a capped body.</summary>
internal static class ErrorResponseReader
{
    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-RequestId", "X-Amz-Request-Id"];

    /// <summary>
    /// Reads an error from a foreign download host (a pre-signed S3 URL): no token was sent there, so a 401/403
    /// says the link was refused (often expired), and the body is not kept (S3's SignatureDoesNotMatch error
    /// echoes the string-to-sign and signature details).
    /// </summary>
    public static OrderManagerException CreateDownloadHostException(OutboundCall call, string host)
    {
        var response = call.Response;
        var status = response.StatusCode;
        string? requestId = FindRequestId(response);
        string text = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"The download host {host} refused {call.Description} with {(int)status} {response.ReasonPhrase ?? status.ToString()}; the pre-signed link may have expired (fetch a fresh one). No API token is sent to download hosts."
            : $"The download host {host} answered {(int)status} {response.ReasonPhrase ?? status.ToString()} for {call.Description}.";
        if (requestId is not null)
        {
            text += $" (request id {requestId})";
        }

        return new OrderManagerException(text, status, null, null, null, requestId)
        {
            FailureKind = OutboundFailureKind.ErrorResponse,
            MayHaveBeenApplied = false,
        };
    }

    public static async Task<OrderManagerException> CreateExceptionAsync(OutboundCall call)
    {
        var response = call.Response;
        string? body;
        using (var captured = await call.ReadErrorBodyAsync(OrderManagerException.MaxErrorBodyChars * 4).ConfigureAwait(false))
        {
            body = captured.ToText(OrderManagerException.MaxErrorBodyChars);
        }

        var (detail, fields) = Parse(body);
        string? requestId = FindRequestId(response);
        var status = response.StatusCode;
        string operation = call.Description;
        var message = new StringBuilder();
        if (status == HttpStatusCode.Unauthorized)
        {
            message.Append(CultureInfo.InvariantCulture, $"HouseCanary rejected the API token (401 Unauthorized) for {operation}; check HouseCanary:ApiToken.");
        }
        else
        {
            message.Append(CultureInfo.InvariantCulture, $"HouseCanary answered {(int)status} {response.ReasonPhrase ?? status.ToString()} for {operation}.");
        }

        if (detail is not null)
        {
            message.Append(' ').Append(detail);
        }

        foreach (var (field, errors) in fields)
        {
            message.Append(CultureInfo.InvariantCulture, $" {field}: {string.Join(" ", errors)}");
        }

        if (requestId is not null)
        {
            message.Append(CultureInfo.InvariantCulture, $" (request id {requestId})");
        }

        bool applied = OutboundFailure.MayHaveApplied(call.Method, OutboundFailureKind.ErrorResponse, status);
        if (applied)
        {
            message.Append(" The request may have been applied: check its effect before repeating it.");
        }

        return new OrderManagerException(message.ToString(), status, body, detail, fields, requestId)
        {
            FailureKind = OutboundFailureKind.ErrorResponse,
            MayHaveBeenApplied = applied,
        };
    }

    internal static string? FindRequestId(HttpResponseMessage response)
    {
        foreach (string name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                string? value = values.FirstOrDefault();
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value.Length > 200 ? value[..200] : value;
                }
            }
        }

        return null;
    }

    internal static (string? Detail, IReadOnlyDictionary<string, IReadOnlyList<string>> Fields) Parse(string? body)
    {
        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, fields);
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            string? detail = null;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (property.NameEquals("detail") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        detail = property.Value.GetString();
                    }
                    else
                    {
                        Collect(property.Name, property.Value, fields);
                    }
                }
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                var messages = Strings(root);
                detail = messages.Count > 0 ? string.Join(" ", messages) : null;
            }
            else if (root.ValueKind == JsonValueKind.String)
            {
                detail = root.GetString();
            }

            return (detail, fields);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid Unicode (System.Text.Json's InvalidOperationException): the
            // status and the capped raw body still describe the failure.
            return (null, fields);
        }
    }

    private static void Collect(string path, JsonElement value, Dictionary<string, IReadOnlyList<string>> fields)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                fields[path] = [value.GetString()!];
                break;
            case JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                if (value.GetArrayLength() > 0)
                {
                    fields[path] = Strings(value);
                }

                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    Collect($"{path}[{index++}]", element, fields);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Collect($"{path}.{property.Name}", property.Value, fields);
                }

                break;
            default:
                break;
        }
    }

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}
