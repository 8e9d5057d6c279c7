using System.Text.Json;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// One validation check that HouseCanary reports as failed in a status callout (an item "canceled from the order"
/// with "a callout message ... detailing the validation checks that failed"). The document does not name the member
/// or its shape, so every plausible form is read (see <see cref="MemberNames"/>); <see cref="Raw"/> keeps what was sent.
/// </summary>
/// <param name="Check">The check's name or code, when the message gives one (<c>check</c>, <c>name</c>, <c>code</c>, ... or a key of a check-to-message object).</param>
/// <param name="Message">What failed, as HouseCanary words it (may be empty when only a check name is given).</param>
/// <param name="Raw">The entry as sent.</param>
public sealed record ValidationCheckFailure(string? Check, string Message, JsonElement Raw)
{
    private static readonly string[] CheckNames = ["check", "name", "code", "key", "type", "field", "rule", "validation"];
    private static readonly string[] MessageNames = ["message", "detail", "description", "reason", "error", "msg", "text"];

    /// <summary>
    /// Gets the members read for failed checks, in the order tried; the first one present is used:
    /// <c>validation_errors</c>, <c>validation_failures</c>, <c>failed_validations</c>, <c>failed_validation_checks</c>,
    /// <c>failed_checks</c>, <c>validation_checks</c>, <c>validation_results</c>, <c>validation</c>, <c>errors</c>,
    /// <c>reasons</c>, <c>cancellation_reason</c>, <c>cancel_reason</c>, <c>reason</c>, <c>details</c>, <c>detail</c>, <c>message</c>.
    /// </summary>
    public static IReadOnlyList<string> MemberNames { get; } =
    [
        "validation_errors", "validation_failures", "failed_validations", "failed_validation_checks", "failed_checks",
        "validation_checks", "validation_results", "validation", "errors", "reasons", "cancellation_reason",
        "cancel_reason", "reason", "details", "detail", "message",
    ];

    /// <summary>Reads the failed checks a callout's extra members detail; empty when there are none.</summary>
    internal static IReadOnlyList<ValidationCheckFailure> ReadAll(IDictionary<string, JsonElement>? members)
    {
        if (members is null || members.Count == 0)
        {
            return [];
        }

        foreach (string name in MemberNames)
        {
            if (members.TryGetValue(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                var failures = new List<ValidationCheckFailure>();
                Read(value, failures);
                return failures;
            }
        }

        return [];
    }

    private static void Read(JsonElement value, List<ValidationCheckFailure> failures)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                string text = Text(value);
                if (text.Length > 0)
                {
                    failures.Add(new ValidationCheckFailure(null, text, value));
                }

                break;
            case JsonValueKind.Array:
                foreach (var entry in value.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.Object)
                    {
                        ReadObjectEntry(entry, failures);
                    }
                    else if (entry.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                    {
                        Read(entry, failures);
                    }
                }

                break;
            case JsonValueKind.Object:
                if (First(value, CheckNames) is not null || First(value, MessageNames) is not null)
                {
                    ReadObjectEntry(value, failures);
                }
                else
                {
                    // A check-to-message object: {"address": "undeliverable", "zipcode": ["unknown", "not served"]}.
                    foreach (var property in value.EnumerateObject())
                    {
                        if (property.Value.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var message in property.Value.EnumerateArray())
                            {
                                failures.Add(new ValidationCheckFailure(property.Name, Text(message), message));
                            }
                        }
                        else if (!IsPassed(property.Value))
                        {
                            failures.Add(new ValidationCheckFailure(property.Name, Text(property.Value), property.Value));
                        }
                    }
                }

                break;
            default:
                failures.Add(new ValidationCheckFailure(null, value.GetRawText(), value));
                break;
        }
    }

    private static void ReadObjectEntry(JsonElement entry, List<ValidationCheckFailure> failures)
    {
        if (IsPassed(entry))
        {
            return;
        }

        string? check = First(entry, CheckNames) is { } c ? Text(c) : null;
        string message = First(entry, MessageNames) is { } m ? Text(m) : string.Empty;
        failures.Add(new ValidationCheckFailure(check, message, entry));
    }

    // A list of every check run may carry the ones that passed too: {"check": "...", "passed": true} or "status": "passed".
    private static bool IsPassed(JsonElement entry)
    {
        if (entry.ValueKind == JsonValueKind.True)
        {
            return true;
        }

        if (entry.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in entry.EnumerateObject())
        {
            bool isFlag = property.NameEquals("passed") || property.NameEquals("success") || property.NameEquals("valid") || property.NameEquals("ok");
            if (isFlag && property.Value.ValueKind == JsonValueKind.True)
            {
                return true;
            }

            bool isStatus = property.NameEquals("status") || property.NameEquals("result");
            if (isStatus && property.Value.ValueKind == JsonValueKind.String
                && Text(property.Value).ToUpperInvariant() is "PASSED" or "PASS" or "OK" or "SUCCESS" or "VALID")
            {
                return true;
            }
        }

        return false;
    }

    private static JsonElement? First(JsonElement entry, string[] names)
    {
        foreach (string name in names)
        {
            if (entry.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                return value;
            }
        }

        return null;
    }

    // JsonElement.GetString throws on a string that is not valid Unicode (a lone "\ud800"); the raw text still says what was sent.
    private static string Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value.GetRawText();
        }

        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }
}
