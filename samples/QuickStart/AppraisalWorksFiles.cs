using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Arrowbase.AppraisalWorks;

namespace QuickStart;

/// <summary>
/// Writes AppraisalWorks documents into the output folder with a progress display. Names from the wire are
/// untrusted: only a sanitized last segment is used, prefixed with the transactionUID.
/// </summary>
public sealed class AppraisalWorksFiles
{
    private readonly string _directory;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly ConcurrentQueue<string> _saved = new();

    /// <summary>Creates the writer.</summary>
    /// <param name="directory">The folder (created when needed).</param>
    /// <param name="output">Where progress goes.</param>
    /// <param name="interactive">True for a single updating progress line.</param>
    public AppraisalWorksFiles(string directory, TextWriter output, bool interactive)
    {
        _directory = directory;
        _output = output;
        _interactive = interactive;
    }

    /// <summary>Every file written so far.</summary>
    public IReadOnlyCollection<string> Saved => _saved;

    /// <summary>Opens the destination of one document; pass the result's <see cref="Pending.Complete"/> once written.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="file">The document's metadata.</param>
    /// <returns>The stream to write, and the completion to call after it was disposed.</returns>
    public Pending Open(string transactionUid, EmbeddedFileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Directory.CreateDirectory(_directory);
        string name = SafeName(file.Name) ?? string.Create(CultureInfo.InvariantCulture, $"document-{file.Index}");
        string path = Path.Combine(_directory, SafeName(transactionUid) + "_" + name);
        var progress = new DownloadProgress(_output, Path.GetFileName(path), _interactive);
        return new Pending(new ProgressStream(File.Create(path), progress), path, progress, _saved);
    }

    /// <summary>Keeps letters, digits, <c>.</c>, <c>-</c> and <c>_</c> of the last path segment; null when nothing is left.</summary>
    /// <param name="name">A name from the wire.</param>
    /// <returns>A safe file name, or null.</returns>
    public static string? SafeName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        string last = name.Replace('\\', '/').Split('/')[^1];
        var safe = new StringBuilder(last.Length);
        foreach (char c in last)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        string result = safe.ToString().Trim('.');
        return result.Length == 0 ? null : result.Length > 100 ? result[..100] : result;
    }

    /// <summary>A document being written.</summary>
    public sealed class Pending
    {
        private readonly DownloadProgress _progress;
        private readonly ConcurrentQueue<string> _saved;

        internal Pending(Stream stream, string path, DownloadProgress progress, ConcurrentQueue<string> saved)
        {
            Stream = stream;
            Path = path;
            _progress = progress;
            _saved = saved;
        }

        /// <summary>The destination stream (disposed by whoever writes it).</summary>
        public Stream Stream { get; }

        /// <summary>The file's path.</summary>
        public string Path { get; }

        /// <summary>Prints the saved line and records the file.</summary>
        public void Complete()
        {
            _progress.Complete(Path);
            _saved.Enqueue(Path);
        }
    }
}
