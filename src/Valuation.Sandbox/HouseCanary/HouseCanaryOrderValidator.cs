using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Valuation.Sandbox.HouseCanary;

/// <summary>A validated order request.</summary>
internal sealed record HcOrderRequest(string Name, string? CustomerOrderId, long OwnerOrganizationId, long OwnerId, IReadOnlyList<HcItemRequest> Items);

/// <summary>A validated order item.</summary>
internal sealed record HcItemRequest(string Address, string? Unit, string? City, string? State, string? Zipcode, string? CustomerItemId, string? ExternalIntegrationId);

/// <summary>Validates <c>POST orders/</c> by the document's rules and reports every failing field, Django-REST style.</summary>
internal static class HouseCanaryOrderValidator
{
    private const string Required = "This field is required.";

    public static bool TryValidate(JsonElement root, out HcOrderRequest? order, out byte[]? errorJson)
    {
        order = null;
        var errors = new List<(string Field, string Message)>();
        List<List<(string Field, string Message)>>? itemErrors = null;
        string? itemsListError = null;

        if (root.ValueKind != JsonValueKind.Object)
        {
            errorJson = Write([("non_field_errors", $"Invalid data. Expected a dictionary, but got {Describe(root)}.")], null, null);
            return false;
        }

        string? orderType = String(root, "order_type", required: true, errors);
        if (orderType is not null && orderType != "valueReport")
        {
            errors.Add(("order_type", $"\"{orderType}\" is not a valid choice. Only valueReport is supported."));
        }

        string? name = String(root, "name", required: true, errors);
        string? customerOrderId = String(root, "customer_order_id", required: false, errors);
        long? ownerOrganizationId = Integer(root, "owner_organization_id", errors);
        long? ownerId = Integer(root, "owner_id", errors);

        var items = new List<HcItemRequest>();
        if (!root.TryGetProperty("items", out var itemsElement))
        {
            itemsListError = Required;
        }
        else if (itemsElement.ValueKind == JsonValueKind.Null)
        {
            itemsListError = "This field may not be null.";
        }
        else if (itemsElement.ValueKind != JsonValueKind.Array)
        {
            itemsListError = $"Expected a list of items but got type \"{Describe(itemsElement)}\".";
        }
        else if (itemsElement.GetArrayLength() == 0)
        {
            itemsListError = "This list may not be empty.";
        }
        else
        {
            itemErrors = [];
            foreach (var item in itemsElement.EnumerateArray())
            {
                var errs = new List<(string Field, string Message)>();
                itemErrors.Add(errs);
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errs.Add(("non_field_errors", $"Invalid data. Expected a dictionary, but got {Describe(item)}."));
                    continue;
                }

                string? address = String(item, "address", required: true, errs);
                string? unit = String(item, "unit", required: false, errs);
                string? city = String(item, "city", required: false, errs);
                string? state = String(item, "state", required: false, errs);
                string? zipcode = String(item, "zipcode", required: false, errs);
                string? customerItemId = String(item, "customer_item_id", required: false, errs);
                string? externalId = String(item, "external_integration_id", required: false, errs);
                bool hasZip = !string.IsNullOrWhiteSpace(zipcode);
                bool hasCityState = !string.IsNullOrWhiteSpace(city) && !string.IsNullOrWhiteSpace(state);
                if (!hasZip && !hasCityState)
                {
                    errs.Add(("zipcode", "Either zipcode or city and state are required."));
                }

                if (address is not null && errs.Count == 0)
                {
                    items.Add(new HcItemRequest(address, unit, city, state, zipcode, customerItemId, externalId));
                }
            }

            if (itemErrors.All(e => e.Count == 0))
            {
                itemErrors = null;
            }
        }

        if (errors.Count > 0 || itemErrors is not null || itemsListError is not null)
        {
            errorJson = Write(errors, itemsListError, itemErrors);
            return false;
        }

        order = new HcOrderRequest(name!, customerOrderId, ownerOrganizationId!.Value, ownerId!.Value, items);
        errorJson = null;
        return true;
    }

    private static string? String(JsonElement parent, string field, bool required, List<(string, string)> errors)
    {
        if (!parent.TryGetProperty(field, out var value))
        {
            if (required)
            {
                errors.Add((field, Required));
            }

            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                if (required)
                {
                    errors.Add((field, "This field may not be null."));
                }

                return null;
            case JsonValueKind.String:
                string text = value.GetString()!;
                if (required && string.IsNullOrWhiteSpace(text))
                {
                    errors.Add((field, "This field may not be blank."));
                    return null;
                }

                return text;
            case JsonValueKind.Number:
                return value.GetRawText();
            default:
                errors.Add((field, "Not a valid string."));
                return null;
        }
    }

    private static long? Integer(JsonElement parent, string field, List<(string, string)> errors)
    {
        if (!parent.TryGetProperty(field, out var value))
        {
            errors.Add((field, Required));
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        errors.Add((field, value.ValueKind == JsonValueKind.Null ? "This field may not be null." : "A valid integer is required."));
        return null;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        JsonValueKind.String => "str",
        JsonValueKind.Number => "int",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "NoneType",
    };

    private static byte[] Write(List<(string Field, string Message)> errors, string? itemsListError, List<List<(string Field, string Message)>>? itemErrors)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Json.JsonResponses.WriterOptions))
        {
            writer.WriteStartObject();
            WriteFields(writer, errors);
            if (itemsListError is not null)
            {
                writer.WriteStartArray("items");
                writer.WriteStringValue(itemsListError);
                writer.WriteEndArray();
            }
            else if (itemErrors is not null)
            {
                writer.WriteStartArray("items");
                foreach (var item in itemErrors)
                {
                    writer.WriteStartObject();
                    WriteFields(writer, item);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteFields(Utf8JsonWriter writer, List<(string Field, string Message)> errors)
    {
        foreach (var group in errors.GroupBy(e => e.Field))
        {
            writer.WriteStartArray(group.Key);
            foreach (var (_, message) in group)
            {
                writer.WriteStringValue(message);
            }

            writer.WriteEndArray();
        }
    }
}
