using System.Text;
using HouseCanary.OrderManager.Callouts;

namespace HouseCanary.OrderManager.Tests.Callouts;

public class CalloutByteOrderMarkTests
{
    private readonly CalloutParser _parser = new();

    [Fact]
    public void A_body_that_starts_with_a_UTF8_byte_order_mark_parses_like_the_same_body_without_it()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"message_type":"order_item_status_change","message_id":"m-1","order_id":"1234","order_item_id":"5678","new_status":"complete"}""");
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. json];

        var message = Assert.IsType<OrderItemStatusChangeMessage>(_parser.Parse(withBom));

        Assert.Equal("m-1", message.MessageId);
        Assert.Equal("1234", message.OrderId);
        Assert.Equal("5678", message.OrderItemId);
        Assert.Equal("complete", message.NewStatus);
    }

    [Fact]
    public void A_byte_order_mark_alone_is_an_empty_body()
    {
        var ex = Assert.Throws<CalloutParseException>(() => _parser.Parse(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }
}
