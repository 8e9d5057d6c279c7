using System.Text.Json;
using HouseCanary.OrderManager.Callouts;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// The one id type: a callout's quoted id and the Client API's integer name the same order, the empty id is never
/// sent in a path, and ids compare by their exact text.
/// </summary>
public class HouseCanaryIdTests
{
    [Fact]
    public void An_id_read_as_text_equals_the_same_id_read_as_an_integer()
    {
        HouseCanaryId fromText = "5001";
        HouseCanaryId fromNumber = 5001L;

        Assert.True(fromText == fromNumber);
        Assert.False(fromText != fromNumber);
        Assert.True(fromText.Equals(fromNumber));
        Assert.True(fromText.Equals((object)fromNumber));
        Assert.Equal(fromText.GetHashCode(), fromNumber.GetHashCode());
        Assert.Equal(HouseCanaryId.FromString("5001"), HouseCanaryId.FromInt64(5001));
        Assert.Equal("5001", fromNumber.Value);
        Assert.Equal("5001", fromNumber.ToString());
    }

    [Fact]
    public void Ids_with_different_text_differ_even_when_they_differ_only_in_case()
    {
        var a = new HouseCanaryId("ab-1");
        var b = new HouseCanaryId("AB-1");

        Assert.False(a == b);
        Assert.True(a != b);
        Assert.False(a.Equals(b));
        Assert.False(a.Equals((object)b));
        Assert.False(a.Equals((object)"ab-1"));
        Assert.False(a.Equals((object?)null));
        Assert.NotEqual(new HouseCanaryId(1), new HouseCanaryId(10));
    }

    [Fact]
    public void Ids_key_a_dictionary_by_their_text()
    {
        var seen = new Dictionary<HouseCanaryId, string> { [new HouseCanaryId(1234)] = "order" };

        Assert.Equal("order", seen[new HouseCanaryId("1234")]);
        Assert.False(seen.ContainsKey(new HouseCanaryId("12345")));
        Assert.False(seen.ContainsKey(default));
        Assert.NotEqual(new HouseCanaryId("1234").GetHashCode(), new HouseCanaryId("4321").GetHashCode());
    }

    [Fact]
    public void The_default_id_is_empty_and_equals_only_itself()
    {
        HouseCanaryId none = default;

        Assert.True(none.IsEmpty);
        Assert.Equal(string.Empty, none.Value);
        Assert.Equal(string.Empty, none.ToString());
        Assert.Equal(0, none.GetHashCode());
        Assert.True(none == default(HouseCanaryId));
        Assert.False(none == new HouseCanaryId("0"));
        Assert.False(new HouseCanaryId(0).IsEmpty);
        Assert.False(none.TryGetInt64(out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    public void Blank_text_is_refused_as_an_id(string text)
    {
        Assert.Throws<ArgumentException>(() => new HouseCanaryId(text));
        Assert.Throws<ArgumentException>(() => HouseCanaryId.FromString(text));
    }

    [Theory]
    [InlineData("1234", true, 1234L)]
    [InlineData("-5", true, -5L)]
    [InlineData("+7", true, 7L)]
    [InlineData("12a", false, 0L)]
    [InlineData(" 12", false, 0L)]
    [InlineData("1,234", false, 0L)]
    [InlineData("1.0", false, 0L)]
    [InlineData("<order id>", false, 0L)]
    public void An_id_reads_as_an_integer_only_when_its_text_is_one(string text, bool isInteger, long expected)
    {
        Assert.Equal(isInteger, new HouseCanaryId(text).TryGetInt64(out long value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void An_id_goes_into_a_url_as_one_escaped_path_segment()
    {
        Assert.Equal("1234", new HouseCanaryId(1234).ToPathSegment("orderId"));
        Assert.Equal("a%2Fb%3Fc%23d%20e", new HouseCanaryId("a/b?c#d e").ToPathSegment("orderId"));
        Assert.Equal("..%2F..%2Fadmin", new HouseCanaryId("../../admin").ToPathSegment("orderId"));
    }

    [Fact]
    public void The_empty_id_is_refused_before_a_url_is_built_and_the_argument_is_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => default(HouseCanaryId).ToPathSegment("orderItemId"));
        Assert.Equal("orderItemId", ex.ParamName);
    }

    [Fact]
    public void An_id_is_written_as_a_json_string_and_the_empty_id_as_null()
    {
        var message = new OrderStatusChangeMessage { MessageType = "order_status_change", MessageId = "m", OrderId = 1234 };
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(message, Json.OrderManagerJsonContext.Default.OrderStatusChangeMessage));
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("order_id").ValueKind);
        Assert.Equal("1234", json.RootElement.GetProperty("order_id").GetString());

        var empty = new OrderStatusChangeMessage { MessageType = "order_status_change", MessageId = "m" };
        using var none = JsonDocument.Parse(JsonSerializer.Serialize(empty, Json.OrderManagerJsonContext.Default.OrderStatusChangeMessage));
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("order_id").ValueKind);
    }
}
