using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager;

/// <summary>
/// <see cref="IOrderManagerClient.WaitForExportAsync"/> ended without a downloadable export: HouseCanary reported an
/// end status without a file (<see cref="TimedOut"/> false), or the caller's maximum wait passed first
/// (<see cref="TimedOut"/> true; the export may still complete). <see cref="Export"/> is the last answer seen.
/// </summary>
public sealed class ExportWaitException : OrderManagerException
{
    /// <summary>Initializes an exception with a message only.</summary>
    public ExportWaitException()
        : this("The HouseCanary export did not complete.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ExportWaitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ExportWaitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes an exception for an export that ended or was not ready in time.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="export">The last export request HouseCanary answered.</param>
    /// <param name="timedOut">True when the maximum wait passed; false when HouseCanary reported an end.</param>
    public ExportWaitException(string message, ExportRequest export, bool timedOut)
        : base(message)
    {
        Export = export;
        TimedOut = timedOut;
    }

    /// <summary>Gets the last export request HouseCanary answered, or null.</summary>
    public ExportRequest? Export { get; }

    /// <summary>Gets a value indicating whether the maximum wait passed (the export may still complete).</summary>
    public bool TimedOut { get; }
}
