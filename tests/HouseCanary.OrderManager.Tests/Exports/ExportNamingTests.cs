using System.Text.Json;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Json;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.Time.Testing;

namespace HouseCanary.OrderManager.Tests.Exports;

public class ExportNamingTests
{
    // 03:00 UTC on the 24th is still 19:00 on the 23rd in Los Angeles (PST, UTC-8).
    private static readonly DateTimeOffset TomorrowInUtcTodayInLosAngeles = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private static ExportNaming At(DateTimeOffset now) => new(new FakeTimeProvider(now));

    [Theory]
    [InlineData("Q4 portfolio", "q4-portfolio")]
    [InlineData("123 Main St., Apt #4B", "123-main-st-apt-4b")]
    [InlineData("Café Crème Brûlée", "cafe-creme-brulee")]
    [InlineData("  Multiple   spaces  --  and--hyphens ", "multiple-spaces-and-hyphens")]
    [InlineData("__Under_score__", "under_score")]
    [InlineData("-_-edge-_-", "edge")]
    [InlineData("Straße", "strae")]
    [InlineData("東京タワー", "")]
    [InlineData("ﬁle №5", "file-no5")]
    [InlineData("tab\tand\nnewline", "tab-and-newline")]
    [InlineData("100% Occupied (2026)!", "100-occupied-2026")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Slugify_matches_djangos_slugify(string? input, string expected) => Assert.Equal(expected, ExportNaming.Slugify(input));

    [Fact]
    public void Order_download_name_uses_the_completed_date()
    {
        Assert.Equal("HC_q4-portfolio_2026-11-20.zip", At(TomorrowInUtcTodayInLosAngeles).OrderDownloadName("Q4 portfolio", new DateOnly(2026, 11, 20), "zip"));
    }

    [Fact]
    public void Order_download_name_of_an_uncompleted_order_uses_today_in_Los_Angeles_not_UTC()
    {
        Assert.Equal("HC_q4-portfolio_2026-11-23.zip", At(TomorrowInUtcTodayInLosAngeles).OrderDownloadName("Q4 portfolio", null, "zip"));
    }

    [Theory]
    [InlineData("2026-11-24T07:59:59Z", "2026-11-23")]
    [InlineData("2026-11-24T08:00:00Z", "2026-11-24")]
    [InlineData("2026-07-01T06:59:59Z", "2026-06-30")]
    [InlineData("2026-07-01T07:00:00Z", "2026-07-01")]
    public void Today_switches_at_midnight_in_Los_Angeles_across_daylight_saving(string utc, string expected)
    {
        var naming = At(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, naming.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Order_download_name_from_an_order_takes_the_Los_Angeles_date_of_its_delivery()
    {
        var order = JsonSerializer.Deserialize("""{"id":1,"name":"Q4 portfolio","actual_delivery_date":"2026-11-24T03:00:00Z"}""", OrderManagerJsonContext.Default.Order)!;
        Assert.Equal("HC_q4-portfolio_2026-11-23.zip", At(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).OrderDownloadName(order, "zip"));
    }

    [Fact]
    public void A_bare_delivery_date_keeps_its_calendar_date()
    {
        var order = JsonSerializer.Deserialize("""{"id":1,"name":"x","actual_delivery_date":"2026-11-23"}""", OrderManagerJsonContext.Default.Order)!;
        Assert.Equal("HC_x_2026-11-23.zip", At(TomorrowInUtcTodayInLosAngeles).OrderDownloadName(order, "zip"));
    }

    [Fact]
    public void Item_prefix_prefers_the_customer_item_id_and_the_completion_date()
    {
        var naming = At(TomorrowInUtcTodayInLosAngeles);
        Assert.Equal("loan-1_2026-11-21", naming.OrderItemFilePrefix("loan-1", "123 Main St", "4B", new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void Item_prefix_falls_back_to_the_slugified_address_with_the_unit_and_the_orders_delivery_date()
    {
        var naming = At(TomorrowInUtcTodayInLosAngeles);
        Assert.Equal("123-main-st-apt-4b-4B_2026-11-22", naming.OrderItemFilePrefix(null, "123 Main St., Apt #4B", "4B", null, new DateOnly(2026, 11, 22)));
        Assert.Equal("123-main-st_2026-11-22", naming.OrderItemFilePrefix("", "123  Main   St", null, null, new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void Item_prefix_falls_back_to_today_in_Los_Angeles()
    {
        Assert.Equal("cafe-du-monde-ave_2026-11-23", At(TomorrowInUtcTodayInLosAngeles).OrderItemFilePrefix(null, "Café du Monde Ave", "", null, null));
    }

    [Fact]
    public void Value_report_layout_lists_json_and_pdf_per_item_unless_json_is_excluded()
    {
        var naming = At(TomorrowInUtcTodayInLosAngeles);
        var order = new Order { Id = 1, Name = "Q4 portfolio" };
        OrderItem[] items =
        [
            new() { Id = 1, CustomerItemId = "loan-1", CompletionDate = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero) },
            new() { Id = 2, Address = "9 Elm St", Unit = "2", CompletionDate = null },
        ];

        var full = naming.ValueReportFiles(order, items, excludeJson: false);
        var lean = naming.ValueReportFiles(order, items, excludeJson: true);

        Assert.Equal("HC_q4-portfolio_2026-11-23.zip", full.ArchiveName);
        Assert.Equal(
            ["loan-1_2026-11-23_OrderItem.json", "loan-1_2026-11-23_ValueReport.pdf", "9-elm-st-2_2026-11-23_OrderItem.json", "9-elm-st-2_2026-11-23_ValueReport.pdf"],
            full.Entries);
        Assert.Equal(["loan-1_2026-11-23_ValueReport.pdf", "9-elm-st-2_2026-11-23_ValueReport.pdf"], lean.Entries);
    }
}
