using Arrowbase.AppraisalWorks.Postbacks;

namespace Arrowbase.AppraisalWorks.Tests.Wire;

/// <summary>
/// The document defines eventName only as a "text description of the event code": each heading's spelling and each
/// route segment's spelling is recognised ignoring case, spaces and dashes, and a well-formed path of a known event
/// for the same transactionUID is followed when the name says nothing.
/// </summary>
public class EventNameTests
{
    public static TheoryData<string, string> Spellings => new()
    {
        { "Comments", PostbackEventNames.Comments },
        { "New Comments", PostbackEventNames.Comments },
        { "NewComments", PostbackEventNames.Comments },
        { "new-comments", PostbackEventNames.Comments },
        { "Documents", PostbackEventNames.Documents },
        { "New Documents", PostbackEventNames.Documents },
        { "Hold", PostbackEventNames.Hold },
        { "On Hold", PostbackEventNames.Hold },
        { "OnHold", PostbackEventNames.Hold },
        { "ON_HOLD", PostbackEventNames.Hold },
        { "Resume", PostbackEventNames.Resume },
        { "resume", PostbackEventNames.Resume },
        { "Cancel", PostbackEventNames.Cancel },
        { "Cancellation", PostbackEventNames.Cancel },
        { "Assignment", PostbackEventNames.Assignment },
        { "Provider Assignment", PostbackEventNames.Assignment },
        { "FeeChanged", PostbackEventNames.FeeChanged },
        { "Fee Changes", PostbackEventNames.FeeChanged },
        { "fee-changed", PostbackEventNames.FeeChanged },
        { "ExpectedDelivery", PostbackEventNames.ExpectedDelivery },
        { "Delivery Date Changes", PostbackEventNames.ExpectedDelivery },
        { "Scheduled", PostbackEventNames.Scheduled },
        { "Inspection Appointment", PostbackEventNames.Scheduled },
        { "Appointment Set", PostbackEventNames.Scheduled },
        { "Rescheduled", PostbackEventNames.Rescheduled },
        { "re-scheduled", PostbackEventNames.Rescheduled },
        { "Completed", PostbackEventNames.Completed },
        { "Completed Report", PostbackEventNames.Completed },
        { "  completed report ", PostbackEventNames.Completed },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Each_heading_and_route_segment_spelling_names_its_event(string eventName, string expected)
    {
        Assert.Equal(expected, PostbackEventNames.Normalize(eventName));
        var e = PostbackEvent.Parse($$$"""{"apiEvent":{"transactionUID":"U-1","eventName":"{{{eventName}}}","detailId":"7"}}""");
        Assert.Equal(expected, e.KnownName);
        Assert.Equal(PostbackEventRecognition.EventName, e.RecognizedBy);
    }

    [Theory]
    [InlineData("Comment")]
    [InlineData("Holdings")]
    [InlineData("Status Update")]
    [InlineData("Product Unavailable")]
    [InlineData("")]
    public void Other_names_name_no_event(string eventName) => Assert.Null(PostbackEventNames.Normalize(eventName));

    [Fact]
    public void OnHold_with_a_valid_hold_path_is_the_hold_event_and_its_route_is_rebuilt()
    {
        var e = PostbackEvent.Parse("""{"apiEvent":{"transactionUID":"U-1","eventName":"OnHold","detailId":"7","path":"/Orders/U-1/Hold/7"}}""");

        Assert.Equal(PostbackEventNames.Hold, e.KnownName);
        Assert.Equal("/Orders/U-1/Hold/7", e.Route);
        Assert.Equal("/Orders/U-1/Hold/7", PostbackRoute.Verify(e));
    }

    [Theory]
    [InlineData("EV-101", "/Orders/U-1/Hold/7", 7, PostbackEventNames.Hold, "/Orders/U-1/Hold/7")]
    [InlineData("107", "/Orders/U-1/Comments/7", 7, PostbackEventNames.Comments, "/Orders/U-1/Comments/7")]
    [InlineData("Status", "/orders/u-1/feechanged/7", 7, PostbackEventNames.FeeChanged, "/Orders/U-1/FeeChanged/7")]
    [InlineData("EV-9", "/Orders/U-1/ExpectedDelivery", 7, PostbackEventNames.ExpectedDelivery, "/Orders/U-1/ExpectedDelivery")]
    [InlineData("EV-9", "/Orders/U-1/Completed/0", 0, PostbackEventNames.Completed, "/Orders/U-1/Completed")]
    [InlineData("EV-9", "/Orders/U-1/Rescheduled", 0, PostbackEventNames.Rescheduled, "/Orders/U-1/Rescheduled")]
    public void An_unknown_name_with_the_well_formed_route_of_a_known_event_follows_that_route_rebuilt_from_its_parts(string name, string path, long detailId, string expected, string route)
    {
        var e = new PostbackEvent("U-1", name, detailId, path);

        Assert.Equal(expected, e.KnownName);
        Assert.Equal(PostbackEventRecognition.Path, e.RecognizedBy);
        Assert.Equal(name, e.EventName);
        Assert.Equal(route, e.Route);
        Assert.Equal(route, PostbackRoute.Verify(e));
    }

    [Theory]
    [InlineData("/Orders/OTHER/Hold/7")] // another order
    [InlineData("/Orders/U-1/Hold/8")] // another detail
    [InlineData("/Orders/U-1/Hold")] // the detail segment missing
    [InlineData("/Orders/U-1/Bogus/7")] // no such event
    [InlineData("/Orders/U-1/Hold/7/extra")]
    [InlineData("https://evil.test/Orders/U-1/Hold/7")]
    [InlineData("//evil.test/Orders/U-1/Hold/7")]
    [InlineData("/Orders/U-1/../U-2/Hold/7")]
    [InlineData("/Orders/U-1/Hold%2F7")]
    [InlineData("/Orders/U-1/Hold/7?x=1")]
    [InlineData("Orders/U-1/Hold/7")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_name_with_any_other_path_stays_unknown(string? path)
    {
        var e = new PostbackEvent("U-1", "EV-101", 7, path);

        Assert.False(e.IsKnown);
        Assert.Equal(PostbackEventRecognition.None, e.RecognizedBy);
        Assert.Null(e.Route);
        Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(e));
    }

    [Fact]
    public void Inspection_Appointment_is_Scheduled_unless_its_path_says_Rescheduled()
    {
        Assert.Equal(PostbackEventNames.Scheduled, new PostbackEvent("U-1", "Inspection Appointment", 0, "/Orders/U-1/Scheduled").KnownName);
        Assert.Equal(PostbackEventNames.Scheduled, new PostbackEvent("U-1", "Inspection Appointment", 0, null).KnownName);
        var rescheduled = new PostbackEvent("U-1", "Inspection Appointment", 0, "/Orders/U-1/Rescheduled");
        Assert.Equal(PostbackEventNames.Rescheduled, rescheduled.KnownName);
        Assert.Equal("/Orders/U-1/Rescheduled", PostbackRoute.Verify(rescheduled));
    }

    [Fact]
    public void A_known_name_with_another_events_path_is_still_refused()
    {
        var e = new PostbackEvent("U-1", "On Hold", 7, "/Orders/U-1/Resume/7");

        Assert.Equal(PostbackEventNames.Hold, e.KnownName);
        Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(e));
    }

    [Theory]
    [InlineData("On Hold", 7, "/Orders/U-1/Hold/7")]
    [InlineData("Completed Report", 7, "/Orders/U-1/Completed")]
    [InlineData("Bogus", 7, "/Orders/U-1/Bogus/7")]
    public void Test_messages_carry_the_route_of_a_heading_spelling(string eventName, long detailId, string path) =>
        Assert.Equal(path, PostbackTestMessages.DocumentedPath("U-1", eventName, detailId));

    [Fact]
    public void The_dedupe_key_of_a_heading_spelling_is_the_same_as_the_route_segments()
    {
        Assert.Equal(new PostbackEvent("U-1", "Hold", 7, null).DeduplicationKey, new PostbackEvent("U-1", "On Hold", 7, null).DeduplicationKey);
        Assert.Equal(new PostbackEvent("U-1", "Hold", 7, null).DeduplicationKey, new PostbackEvent("U-1", "EV-101", 7, "/Orders/U-1/Hold/7").DeduplicationKey);
    }
}
