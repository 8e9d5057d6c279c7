using System.Globalization;
using System.Text.Json;

namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>Case-insensitive reading of AppraisalWorks request JSON (the vendor's own examples mix <c>contactType</c> and <c>ContactType</c>).</summary>
internal static class AwJson
{
    /// <summary>Finds a property by name, ignoring case; a repeated name takes its last value (as a .NET binder would).</summary>
    public static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        bool found = false;
        value = default;
        if (parent.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in parent.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    found = true;
                }
            }
        }

        return found;
    }

    /// <summary>A string field: null when absent or null; numbers are accepted as their text; errors name the path.</summary>
    public static string? Text(JsonElement parent, string name, string path, bool required, List<string> errors)
    {
        if (!TryGet(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"{path} is required.");
            }

            return null;
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            errors.Add($"{path} must be a string.");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{path} is required and may not be empty.");
            return null;
        }

        return text;
    }

    public static JsonElement? Object(JsonElement parent, string name, string path, bool required, List<string> errors)
    {
        if (!TryGet(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"{path} is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path} must be an object.");
            return null;
        }

        return value;
    }

    public static decimal? Number(JsonElement parent, string name, string path, List<string> errors)
    {
        if (!TryGet(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        errors.Add($"{path} must be a number.");
        return null;
    }

    public static void Boolean(JsonElement parent, string name, string path, List<string> errors)
    {
        if (TryGet(parent, name, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            errors.Add($"{path} must be true or false.");
        }
    }

    public static int? TypeId(JsonElement parent, string path, List<string> errors)
    {
        if (!TryGet(parent, "typeID", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"{path}.typeID is required.");
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int id))
        {
            return id;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            return id;
        }

        errors.Add($"{path}.typeID must be an integer document type code.");
        return null;
    }

    /// <summary>Parses the documented date forms: <c>12/22/2023</c>, <c>2022-08-15</c>, <c>2022-04-12 16:32:25Z</c>, <c>11/1/2021 12:00PM EST</c>.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        string trimmed = text.Trim();
        TimeSpan offset = TimeSpan.Zero;
        foreach (var (zone, hours) in new[] { ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PST", -8), ("PDT", -7), ("UTC", 0), ("GMT", 0) })
        {
            if (trimmed.EndsWith(" " + zone, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^(zone.Length + 1)].TrimEnd();
                offset = TimeSpan.FromHours(hours);
                break;
            }
        }

        string[] formats =
        [
            "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd",
            "M/d/yyyy", "M/d/yyyy h:mmtt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm", "yyyy-MM-dd hh:mm tt", "yyyy-MM-dd h:mm tt",
        ];
        if (DateTime.TryParseExact(trimmed, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified), offset);
            return true;
        }

        value = default;
        return false;
    }
}
