using Arrowbase.AppraisalWorks;
using Refit;

namespace Valuation.Benchmarks;

/// <summary>HouseCanary through Refit's source-generated client.</summary>
public interface IHouseCanaryRefit
{
    [Post("/partner-api/v1/orders/")]
    Task<HcOrder> CreateOrderAsync([Body(buffered: true)] HcCreateOrder request, CancellationToken cancellationToken);

    [Get("/partner-api/v1/orders/{id}/")]
    Task<HcOrder> GetOrderAsync(long id, CancellationToken cancellationToken);
}

/// <summary>AppraisalWorks through Refit's source-generated client.</summary>
public interface IAppraisalWorksRefit
{
    [Post("/RapiV1/Orders")]
    Task<OrderResponse> CreateOrderAsync([Body(buffered: true)] OrderRequest order, CancellationToken cancellationToken);

    [Post("/RapiV1/Orders/{transactionUid}/Comments")]
    Task<AppraisalWorksResponse> AddCommentAsync(string transactionUid, [Body(buffered: true)] CommentRequest comment, CancellationToken cancellationToken);
}
