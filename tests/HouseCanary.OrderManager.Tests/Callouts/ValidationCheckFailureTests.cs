using System.Text;
using HouseCanary.OrderManager.Callouts;

namespace HouseCanary.OrderManager.Tests.Callouts;

/// <summary>
/// The document promises a callout "detailing the validation checks that failed" for a cancelled item without
/// naming the member; each plausible form reads into the same typed list.
/// </summary>
public class ValidationCheckFailureTests
{
    private static OrderItemStatusChangeMessage Cancelled(string members) => Assert.IsType<OrderItemStatusChangeMessage>(new CalloutParser().Parse(Encoding.UTF8.GetBytes(
        $$"""{"message_type":"order_item_status_change","message_id":"m","order_id":"1","order_item_id":"2","new_status":"cancelled",{{members}}}""")));

    [Fact]
    public void A_list_of_check_objects_reads_each_check_and_message()
    {
        var failures = Cancelled("""
            "validation_errors":[{"check":"address_deliverable","message":"The address is undeliverable."},{"code":"zip","detail":"Unknown zipcode."}]
            """).ValidationFailures;

        Assert.Equal([("address_deliverable", "The address is undeliverable."), ("zip", "Unknown zipcode.")], failures.Select(f => (f.Check, f.Message)));
        Assert.Equal("address_deliverable", failures[0].Raw.GetProperty("check").GetString());
    }

    [Fact]
    public void A_list_of_strings_reads_each_as_a_message()
    {
        var failures = Cancelled("""
            "failed_checks":["address undeliverable","zipcode unknown"]
            """).ValidationFailures;

        Assert.Equal([(null, "address undeliverable"), (null, "zipcode unknown")], failures.Select(f => (f.Check, f.Message)));
    }

    [Fact]
    public void A_check_to_message_object_reads_each_key_as_a_check()
    {
        var failures = Cancelled("""
            "validation_errors":{"address":"undeliverable","zipcode":["unknown","not served"]}
            """).ValidationFailures;

        Assert.Equal([("address", "undeliverable"), ("zipcode", "unknown"), ("zipcode", "not served")], failures.Select(f => (f.Check, f.Message)));
    }

    [Fact]
    public void A_plain_reason_reads_as_one_failure()
    {
        var failure = Assert.Single(Cancelled("""
            "reason":"Address validation failed: the address is undeliverable."
            """).ValidationFailures);

        Assert.Null(failure.Check);
        Assert.Equal("Address validation failed: the address is undeliverable.", failure.Message);
    }

    [Fact]
    public void Checks_reported_as_passed_are_left_out()
    {
        var failures = Cancelled("""
            "validation_checks":[{"name":"address","passed":true},{"name":"zipcode","passed":false,"message":"unknown"},{"name":"flood","status":"passed"}]
            """).ValidationFailures;

        Assert.Equal([("zipcode", "unknown")], failures.Select(f => (f.Check, f.Message)));
    }

    [Fact]
    public void The_first_known_member_is_read_and_the_raw_members_stay()
    {
        var message = Cancelled("""
            "validation_errors":["first"],"reason":"second"
            """);

        Assert.Equal("first", Assert.Single(message.ValidationFailures).Message);
        Assert.Equal("second", message.AdditionalProperties!["reason"].GetString());
    }

    [Fact]
    public void A_callout_that_details_nothing_has_no_failures()
    {
        Assert.Empty(Cancelled("\"x\":1").ValidationFailures);
    }

    [Fact]
    public void An_order_level_status_change_reads_failures_the_same_way()
    {
        var message = Assert.IsType<OrderStatusChangeMessage>(new CalloutParser().Parse("""
            {"message_type":"order_status_change","message_id":"m","order_id":"1","new_status":"cancelled","errors":["No item passed validation."]}
            """u8.ToArray()));

        Assert.Equal("No item passed validation.", Assert.Single(message.ValidationFailures).Message);
    }
}
