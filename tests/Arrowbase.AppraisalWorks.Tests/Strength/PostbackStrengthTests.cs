using Arrowbase.AppraisalWorks.Postbacks;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// A postback's sent path is never followed: every hostile form is refused before a request is made, and an event
/// is recognised from its path only when the path is exactly a documented route for the same order and detail.
/// </summary>
public class PostbackStrengthTests
{
    [Theory]
    [InlineData("C:/Orders/U-1/Hold/5")]
    [InlineData("c:\\Orders")]
    [InlineData("mailto:ops@evil.test")]
    [InlineData("http:\\\\evil.test/Orders/U-1/Hold/5")]
    [InlineData("/Orders/U-1/./Hold/5")]
    [InlineData("/Orders/U-1/Hold/5#top")]
    [InlineData("/Orders/U-1/Hold/5\n")]
    [InlineData("/Orders/U-1/Hold/5\u0000")]
    public void A_path_with_a_drive_a_host_a_dot_segment_a_fragment_or_a_control_character_is_refused(string path) =>
        Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(new PostbackEvent("U-1", "Hold", 5, path)));

    [Fact]
    public void A_path_longer_than_2048_characters_is_refused_and_2048_is_only_compared()
    {
        string padded = "/Orders/U-1/Hold/5" + new string('/', 2048 - "/Orders/U-1/Hold/5".Length);
        Assert.Equal(2048, padded.Length);
        var atLimit = Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(new PostbackEvent("U-1", "Hold", 5, padded)));
        Assert.Contains("does not match", atLimit.Message, StringComparison.Ordinal);

        var tooLong = Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(new PostbackEvent("U-1", "Hold", 5, padded + "/")));
        Assert.Contains("too long", tooLong.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/orders/u-1/hold/5")]
    [InlineData("/Orders/U-1/Hold/5")]
    public void The_sent_path_may_differ_from_the_route_in_case_only(string path) =>
        Assert.Equal("/Orders/U-1/Hold/5", PostbackRoute.Verify(new PostbackEvent("U-1", "Hold", 5, path)));

    [Theory]
    [InlineData("Completed", 0, "/Orders/U-1/Completed/0")]
    [InlineData("Hold", 0, "/Orders/U-1/Hold/0")]
    [InlineData("Hold", 0, "/Orders/U-1/Hold")]
    public void A_detail_less_route_may_be_sent_with_or_without_its_zero_detail(string eventName, long detailId, string path) =>
        Assert.Equal(PostbackRoute.Build(new PostbackEvent("U-1", eventName, detailId, null)), PostbackRoute.Verify(new PostbackEvent("U-1", eventName, detailId, path)));

    [Fact]
    public void A_route_escapes_nothing_it_does_not_have_to_and_carries_the_detail_in_invariant_digits()
    {
        Assert.Equal("/Orders/0987-0bbc-fe36-9AC9/Resume/1823005", PostbackRoute.Build(new PostbackEvent("0987-0bbc-fe36-9AC9", "Resume", 1823005, null)));
        Assert.Equal("/Orders/A%2BB/Hold/9", PostbackRoute.Build(new PostbackEvent("A+B", "Hold", 9, null)));
    }

    [Fact]
    public void An_unsafe_transaction_uid_has_no_route_and_is_never_recognised_by_its_path()
    {
        var e = new PostbackEvent("a b", "EV-1", 7, "/Orders/a b/Hold/7");
        Assert.False(e.IsKnown);
        Assert.Null(e.Route);

        var named = new PostbackEvent("a b", "Hold", 7, null);
        Assert.True(named.IsKnown);
        Assert.Null(named.Route);
        Assert.Throws<PostbackRouteException>(() => PostbackRoute.Build(named));
    }

    [Theory]
    [InlineData("x/Orders/U-1/Hold/7")]
    [InlineData("/Orders/U-1")]
    [InlineData("/Orders/U-1/Hold/7/8/9")]
    public void A_path_of_another_shape_names_no_event(string path) =>
        Assert.False(new PostbackEvent("U-1", "EV-1", 7, path).IsKnown);

    [Fact]
    public void Inspection_Appointment_with_the_rescheduled_route_is_rescheduled_only_when_so_named()
    {
        Assert.Equal(PostbackEventNames.Rescheduled, new PostbackEvent("U-1", "inspection-appointment", 0, "/Orders/U-1/Rescheduled").KnownName);
        Assert.Equal(PostbackEventNames.Scheduled, new PostbackEvent("U-1", "Appointment Set", 0, "/Orders/U-1/Rescheduled").KnownName);
        Assert.Equal(PostbackEventNames.Scheduled, new PostbackEvent("U-1", "Scheduled", 0, "/Orders/U-1/Rescheduled").KnownName);
        Assert.Equal(PostbackEventNames.Scheduled, new PostbackEvent("U-1", "Inspection Appointment", 0, "/Orders/U-1/Hold").KnownName);
    }

    [Fact]
    public void An_events_text_names_it_and_says_when_it_is_unknown()
    {
        Assert.Equal("Hold U-1/7", new PostbackEvent("U-1", "Hold", 7, null).ToString());
        Assert.Equal("EV-1 U-1/7 (unknown event)", new PostbackEvent("U-1", "EV-1", 7, null).ToString());
    }

    [Fact]
    public void The_dedupe_key_names_the_order_the_event_and_the_detail()
    {
        Assert.Equal("appraisalworks:U-1:Hold:7", new PostbackEvent("U-1", "On Hold", 7, null).DeduplicationKey);
        Assert.Equal("appraisalworks:U-1:EV-1:7", new PostbackEvent("U-1", "EV-1", 7, null).DeduplicationKey);
    }

    [Theory]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"  Hold  ","detailId":" "}}""", "Hold", 0)]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":null}}""", "Hold", 0)]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":"0"}}""", "Hold", 0)]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold"}}""", "Hold", 0)]
    public void A_blank_or_absent_detail_id_is_zero_and_the_event_name_is_trimmed(string json, string name, long detailId)
    {
        var e = PostbackEvent.Parse(json);
        Assert.Equal(name, e.EventName);
        Assert.Equal(detailId, e.DetailId);
    }

    [Theory]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":"+5"}}""")]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":" 5"}}""")]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":"99999999999999999999"}}""")]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":" ","detailId":"5"}}""")]
    [InlineData("""{"apiEvent":{"transactionUID":" ","eventName":"Hold","detailId":"5"}}""")]
    [InlineData("""{"apiEvent":null}""")]
    [InlineData("null")]
    public void A_postback_that_is_not_well_formed_is_a_format_error(string json) =>
        Assert.Throws<PostbackFormatException>(() => PostbackEvent.Parse(json));

    [Theory]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void A_postback_nested_up_to_16_levels_parses_and_a_deeper_one_is_a_format_error(int depth, bool parses)
    {
        int arrays = depth - 2; // the envelope and apiEvent are the first two levels
        string json = "{\"apiEvent\":{\"transactionUID\":\"U-1\",\"eventName\":\"Hold\",\"x\":" + new string('[', arrays) + new string(']', arrays) + "}}";
        if (parses)
        {
            Assert.Equal("Hold", PostbackEvent.Parse(json).KnownName);
        }
        else
        {
            Assert.Throws<PostbackFormatException>(() => PostbackEvent.Parse(json));
        }
    }

    [Fact]
    public void Every_documented_event_has_one_route_segment_and_the_detail_less_ones_are_the_four_the_document_lists()
    {
        Assert.Equal(
            ["Comments", "Documents", "Hold", "Resume", "Cancel", "Assignment", "FeeChanged", "ExpectedDelivery", "Scheduled", "Rescheduled", "Completed"],
            PostbackEventNames.All);
        Assert.Equal(["ExpectedDelivery", "Scheduled", "Rescheduled", "Completed"], PostbackEventNames.WithoutDetail);
        Assert.Equal(PostbackEventNames.All, PostbackEventNames.Spellings.Keys);
        foreach (string name in PostbackEventNames.All)
        {
            Assert.Equal(name, PostbackEventNames.FromRouteSegment(name.ToUpperInvariant()));
            Assert.Equal(name, PostbackEventNames.Spellings[name][0]);
        }

        Assert.Null(PostbackEventNames.FromRouteSegment(null));
        Assert.Null(PostbackEventNames.FromRouteSegment("On Hold"));
        Assert.Null(PostbackEventNames.Normalize(null));
    }

    [Theory]
    [InlineData("On\u2013Hold", "Hold")]
    [InlineData("Fee\u2014Changes", "FeeChanged")]
    [InlineData("provider\tassignment", "Assignment")]
    [InlineData("Delivery_Date_Changes", "ExpectedDelivery")]
    public void An_event_name_is_matched_apart_from_case_white_space_and_every_dash(string eventName, string expected) =>
        Assert.Equal(expected, PostbackEventNames.Normalize(eventName));

    [Theory]
    [InlineData("On.Hold")]
    [InlineData("On+Hold")]
    [InlineData("Hol d s")]
    public void Other_punctuation_still_makes_another_name(string eventName) =>
        Assert.Null(PostbackEventNames.Normalize(eventName));
}
