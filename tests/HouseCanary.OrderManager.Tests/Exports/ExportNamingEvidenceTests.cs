using System.Text.Json;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Json;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.Time.Testing;

namespace HouseCanary.OrderManager.Tests.Exports;

/// <summary>One date rule for items and orders alike, and names that never leave their folder.</summary>
public class ExportNamingEvidenceTests
{
    private static readonly ExportNaming Naming = new(new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero)));

    private static OrderItem Item(string json) => JsonSerializer.Deserialize(json, OrderManagerJsonContext.Default.OrderItem)!;

    private static Order Order(string json) => JsonSerializer.Deserialize(json, OrderManagerJsonContext.Default.Order)!;

    [Theory]
    [InlineData("2026-11-24T03:00:00Z", "2026-11-23")] // 19:00 on the 23rd in Los Angeles
    [InlineData("2026-11-24T03:00:00+00:00", "2026-11-23")]
    [InlineData("2026-11-24T03:00:00", "2026-11-23")] // no offset: UTC
    [InlineData("2026-11-23T22:00:00-05:00", "2026-11-23")]
    [InlineData("2026-11-24", "2026-11-24")] // a bare date is that date
    public void The_same_instant_gives_the_same_date_as_an_items_completion_date_and_as_the_orders_delivery_date(string wire, string expected)
    {
        var item = Item($$"""{"id":1,"customer_item_id":"loan-1","completion_date":"{{wire}}"}""");
        var undated = Item("""{"id":2,"customer_item_id":"loan-2"}""");
        var order = Order($$"""{"id":1,"name":"Q4","actual_delivery_date":"{{wire}}"}""");

        Assert.Equal($"loan-1_{expected}", Naming.OrderItemFilePrefix(item, order));
        Assert.Equal($"loan-2_{expected}", Naming.OrderItemFilePrefix(undated, order));
        Assert.Equal($"HC_q4_{expected}.zip", Naming.OrderDownloadName(order, "zip"));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ExportNaming.ExportDate(item.CompletionDate));
    }

    [Theory]
    [InlineData(null, "123 Main St", "4/B", "123-main-st-4-B_2026-11-23")]
    [InlineData(null, "123 Main St", "4\\B", "123-main-st-4-B_2026-11-23")]
    [InlineData(null, "123 Main St", "..", "123-main-st-.._2026-11-23")]
    [InlineData("../../etc/passwd", "x", null, "..-..-etc-passwd_2026-11-23")]
    [InlineData("C:\\loans\\1", "x", null, "C--loans-1_2026-11-23")]
    [InlineData("a<b>c:d\"e|f?g*h", "x", null, "a-b-c-d-e-f-g-h_2026-11-23")]
    [InlineData("tab\there", "x", null, "tab-here_2026-11-23")]
    public void A_name_built_by_the_documents_rules_is_always_one_file_name(string? customerItemId, string address, string? unit, string expected)
    {
        string prefix = Naming.OrderItemFilePrefix(customerItemId, address, unit, new DateOnly(2026, 11, 23), null);
        Assert.Equal(expected, prefix);

        string folder = Path.Combine(Path.GetTempPath(), "export-" + Guid.NewGuid().ToString("N"));
        string file = Path.GetFullPath(Path.Combine(folder, prefix + "_ValueReport.pdf"));
        Assert.Equal(folder, Path.GetDirectoryName(file));
    }

    [Theory]
    [InlineData("zip/../x")]
    [InlineData("zip.exe")]
    [InlineData("")]
    public void An_export_format_that_is_not_letters_and_digits_is_refused(string format)
    {
        Assert.ThrowsAny<ArgumentException>(() => Naming.OrderDownloadName("x", null, format));
    }
}
