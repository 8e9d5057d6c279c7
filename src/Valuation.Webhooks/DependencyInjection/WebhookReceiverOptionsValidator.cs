using Microsoft.Extensions.Options;

namespace Valuation.Webhooks;

/// <summary>
/// Validates a receiver's options at start-up with <see cref="WebhookReceiverOptions.Validate"/>: every problem at
/// once, each naming the setting, never its value.
/// </summary>
/// <typeparam name="TOptions">The vendor's options type.</typeparam>
public sealed class WebhookReceiverOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : WebhookReceiverOptions
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
