using Microsoft.AspNetCore.Builder;

namespace QuickStart;

/// <summary>The quick start's own receiver: the two webhook endpoints, one line each.</summary>
public static class LocalReceiver
{
    /// <summary>The callout path.</summary>
    public const string CalloutPath = "/callouts/housecanary";

    /// <summary>The postback path.</summary>
    public const string PostbackPath = "/postbacks/appraisalworks";

    /// <summary>Maps <c>POST /callouts/housecanary</c> and <c>POST /postbacks/appraisalworks</c>; refusals are logged by the packages.</summary>
    /// <param name="app">The receiver.</param>
    public static void Map(WebApplication app)
    {
        app.MapHouseCanaryCallouts(CalloutPath);
        app.MapAppraisalWorksPostbacks(PostbackPath);
    }
}
