using System.Net;
using HouseCanary.OrderManager.Models;
using RichardSzalay.MockHttp;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// What CreateOrderAsync refuses before anything is sent: each rule alone, with the problem naming its field, and
/// the boundaries (a positive id, at least one item) exactly where the document puts them.
/// </summary>
public class OrderRequestValidatorTests
{
    private static CreateOrderRequest Valid() => new()
    {
        OrderType = OrderTypes.ValueReport,
        Name = "Q4 portfolio",
        Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }],
    };

    // The problems CreateOrderAsync reports for the request, after checking that nothing reached the wire.
    private static async Task<IReadOnlyList<string>> Refused(CreateOrderRequest request, OrderManagerOptions? options = null)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.Created, "application/json", ReadData("order.json"));
        var ex = await Assert.ThrowsAsync<OrderValidationException>(() => Client(mock, options).CreateOrderAsync(request));
        Assert.Equal(0, mock.GetMatchCount(any));
        Assert.Equal("request", ex.ParamName);
        return ex.Problems;
    }

    private static async Task Accepted(CreateOrderRequest request, OrderManagerOptions? options = null)
    {
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, Base + "orders/").Respond(HttpStatusCode.Created, "application/json", ReadData("order.json"));
        await Client(mock, options).CreateOrderAsync(request);
        Assert.Equal(1, mock.GetMatchCount(post));
    }

    private static OrderManagerOptions WithoutOwners()
    {
        var options = Options();
        options.OwnerOrganizationId = null;
        options.OwnerId = null;
        return options;
    }

    [Fact]
    public async Task The_baseline_request_is_sent() => await Accepted(Valid());

    [Fact]
    public async Task An_owner_organization_id_missing_from_both_request_and_options_is_refused()
    {
        var options = Options();
        options.OwnerOrganizationId = null;

        var problem = Assert.Single(await Refused(Valid(), options));

        Assert.StartsWith("owner_organization_id is required", problem, StringComparison.Ordinal);
        await Accepted(Valid() with { OwnerOrganizationId = 7 }, options);
    }

    [Fact]
    public async Task An_owner_id_missing_from_both_request_and_options_is_refused()
    {
        var options = Options();
        options.OwnerId = null;

        var problem = Assert.Single(await Refused(Valid(), options));

        Assert.StartsWith("owner_id is required", problem, StringComparison.Ordinal);
        await Accepted(Valid() with { OwnerId = 7 }, options);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public async Task An_owner_organization_id_that_is_not_positive_is_refused(long id)
    {
        var problem = Assert.Single(await Refused(Valid() with { OwnerOrganizationId = id }));
        Assert.StartsWith("owner_organization_id must be a positive integer", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task An_owner_id_that_is_not_positive_is_refused(long id)
    {
        var problem = Assert.Single(await Refused(Valid() with { OwnerId = id }));
        Assert.StartsWith("owner_id must be a positive integer", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_smallest_positive_ids_are_accepted() =>
        await Accepted(Valid() with { OwnerOrganizationId = 1, OwnerId = 1 }, WithoutOwners());

    [Fact]
    public async Task No_items_is_refused_whether_the_list_is_absent_or_empty()
    {
        Assert.StartsWith("items must contain at least one item", Assert.Single(await Refused(Valid() with { Items = null! })), StringComparison.Ordinal);
        Assert.StartsWith("items must contain at least one item", Assert.Single(await Refused(Valid() with { Items = [] })), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_item_is_reported_by_its_index_and_the_other_items_are_still_checked()
    {
        var problems = await Refused(Valid() with { Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }, null!, new CreateOrderItem { Zipcode = "78701" }] });

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("items[1] is null", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("items[2].address is required", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_with_neither_zipcode_nor_city_nor_state_is_refused()
    {
        var problem = Assert.Single(await Refused(Valid() with { Items = [new CreateOrderItem { Address = "1 A St" }] }));
        Assert.StartsWith("items[0]: either zipcode or both city and state are required", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task City_and_state_together_stand_in_for_a_zipcode_and_each_alone_is_named()
    {
        await Accepted(Valid() with { Items = [new CreateOrderItem { Address = "1 A St", City = "Austin", State = "TX" }] });
        Assert.StartsWith("items[0]: state is required with city", Assert.Single(await Refused(Valid() with { Items = [new CreateOrderItem { Address = "1 A St", City = "Austin" }] })), StringComparison.Ordinal);
        Assert.StartsWith("items[0]: city is required with state", Assert.Single(await Refused(Valid() with { Items = [new CreateOrderItem { Address = "1 A St", State = "TX", City = " " }] })), StringComparison.Ordinal);
    }
}
