using Valuation.Sandbox.Delivery;

namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>Read-only snapshots of the sandbox's AppraisalWorks side, for assertions in tests.</summary>
public sealed class AppraisalWorksSandboxState
{
    private readonly AppraisalWorksApi _api;

    internal AppraisalWorksSandboxState(AppraisalWorksApi api) => _api = api;

    /// <summary>Every order (product) placed, oldest first, with its linked order numbers.</summary>
    public IReadOnlyList<AppraisalWorksOrderSnapshot> Orders => _api.Orders;

    /// <summary>Every comment, from the client and from the provider, in order.</summary>
    public IReadOnlyList<AppraisalWorksCommentSnapshot> Comments => _api.Comments;

    /// <summary>Every document (client uploads and provider deliveries) with its size and SHA-256.</summary>
    public IReadOnlyList<AppraisalWorksDocumentSnapshot> Documents => _api.Documents;

    /// <summary>Every accepted workflow action, in order.</summary>
    public IReadOnlyList<AppraisalWorksActionSnapshot> Actions => _api.Actions;

    /// <summary>Every postback delivery attempt, in the order made.</summary>
    public IReadOnlyList<DeliveryAttempt> PostbackAttempts => _api.Dispatcher.Attempts;

    /// <summary>How many <c>POST /Orders</c> requests reached the handler (valid or not): proves "no duplicate order".</summary>
    public int CreateOrderRequestCount => _api.CreateOrderRequestCount;
}
