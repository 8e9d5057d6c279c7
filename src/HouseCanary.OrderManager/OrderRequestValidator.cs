using System.Globalization;
using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager;

/// <summary>Checks a <see cref="CreateOrderRequest"/> against the document's rules, collecting every problem.</summary>
internal static class OrderRequestValidator
{
    public static List<string> Validate(CreateOrderRequest request)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.OrderType))
        {
            problems.Add("order_type is required (valueReport).");
        }
        else if (!string.Equals(request.OrderType, OrderTypes.ValueReport, StringComparison.Ordinal))
        {
            // The document: "Currently only Agile Insights orders are supported. Thus order_type should always be set to valueReport."
            problems.Add($"order_type '{request.OrderType}' is not supported: the document says it is always '{OrderTypes.ValueReport}'.");
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add("name is required.");
        }

        if (request.OwnerOrganizationId is null)
        {
            problems.Add("owner_organization_id is required: set it on the request or in HouseCanary:OwnerOrganizationId.");
        }
        else if (request.OwnerOrganizationId <= 0)
        {
            problems.Add("owner_organization_id must be a positive integer.");
        }

        if (request.OwnerId is null)
        {
            problems.Add("owner_id is required: set it on the request or in HouseCanary:OwnerId.");
        }
        else if (request.OwnerId <= 0)
        {
            problems.Add("owner_id must be a positive integer.");
        }

        if (request.Items is null || request.Items.Count == 0)
        {
            problems.Add("items must contain at least one item.");
            return problems;
        }

        for (int i = 0; i < request.Items.Count; i++)
        {
            // The item's path is built only for a message.
            static string At(int index) => string.Create(CultureInfo.InvariantCulture, $"items[{index}]");
            var item = request.Items[i];
            if (item is null)
            {
                problems.Add($"{At(i)} is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Address))
            {
                problems.Add($"{At(i)}.address is required.");
            }

            bool hasZip = !string.IsNullOrWhiteSpace(item.Zipcode);
            bool hasCity = !string.IsNullOrWhiteSpace(item.City);
            bool hasState = !string.IsNullOrWhiteSpace(item.State);
            if (!hasZip && !(hasCity && hasState))
            {
                problems.Add((hasCity, hasState) switch
                {
                    (true, false) => $"{At(i)}: state is required with city when there is no zipcode.",
                    (false, true) => $"{At(i)}: city is required with state when there is no zipcode.",
                    _ => $"{At(i)}: either zipcode or both city and state are required.",
                });
            }
        }

        return problems;
    }
}
