using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Arrowbase.AppraisalWorks.Documents;

/// <summary>
/// Reads a JSON response that embeds base64 documents without ever holding a document's text: the JSON is read with
/// <see cref="Utf8JsonReader"/> over a bounded, refilling buffer and copied to a small "skeleton" (everything but the
/// <c>document</c> values); each <c>document</c> string is unescaped (<c>\/</c>, <c>\u002B</c>, ...) and base64-decoded
/// in chunks into a destination stream.
/// </summary>
/// <remarks>
/// The destination of a document is asked for when its <c>document</c> member is reached, with the file's members
/// seen so far (AppraisalWorks sends <c>typeID</c>, <c>name</c> and <c>description</c> first). Property names are
/// matched case-insensitively.
/// </remarks>
internal sealed class EmbeddedDocumentReader
{
    /// <summary>The default bound of the read buffer and of any single non-document token.</summary>
    public const int DefaultMaxTokenBytes = 1024 * 1024;

    /// <summary>The member written into the skeleton in place of a streamed <c>document</c>: the file's index among the streamed files.</summary>
    public const string DocumentIndexProperty = "$streamedDocumentIndex";

    private const int Reserve = 2; // room to put back an empty string literal "" after a streamed document
    private const int InitialBufferBytes = 16 * 1024;
    private const int Base64ChunkChars = 16 * 1024; // a multiple of 4
    private const int HeldBackChars = 4; // one base64 block, which may hold padding
    private static readonly byte[] DocumentName = "document"u8.ToArray();

    private readonly Stream _source;
    private readonly int _maxTokenBytes;
    private readonly int _maxSkeletonBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private JsonReaderState _state;

    private EmbeddedDocumentReader(Stream source, int maxTokenBytes, int maxSkeletonBytes)
    {
        _source = source;
        _maxTokenBytes = maxTokenBytes;
        _maxSkeletonBytes = maxSkeletonBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxTokenBytes + Reserve));
        _start = _end = Reserve;
        _state = default; // the default reader options: comments and trailing commas are refused, depth at most 64
    }

    /// <summary>
    /// Reads <paramref name="source"/> to its end, writing each embedded document into the stream that
    /// <paramref name="destinationFactory"/> returns (flushed, not disposed: the caller owns it).
    /// </summary>
    /// <param name="source">The response body.</param>
    /// <param name="destinationFactory">Returns the destination of each document, given its metadata seen so far.</param>
    /// <param name="maxTokenBytes">The largest non-document token or buffer allowed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The JSON without the document values (small), and the metadata of each streamed document in order.</returns>
    /// <exception cref="JsonException">The JSON is malformed.</exception>
    /// <exception cref="InvalidDataException">A document is not valid base64, or a member is too large.</exception>
    public static async Task<EmbeddedDocumentReadResult> ReadAsync(
        Stream source,
        Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory,
        int maxTokenBytes = DefaultMaxTokenBytes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destinationFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokenBytes, 1024);
        var reader = new EmbeddedDocumentReader(source, maxTokenBytes, maxTokenBytes);
        try
        {
            return await reader.RunAsync(destinationFactory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(reader._buffer);
        }
    }

    private async Task<EmbeddedDocumentReadResult> RunAsync(Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, CancellationToken cancellationToken)
    {
        var skeleton = new ArrayBufferWriter<byte>(1024);
        var files = new List<EmbeddedFileInfo>();
        var writer = new Utf8JsonWriter(skeleton);
        await using (writer.ConfigureAwait(false))
        {
            var objects = new Stack<Dictionary<string, string>>();
            string? lastName = null;
            while (true)
            {
                Step step;
                while (!TryCopyToken(writer, objects, ref lastName, out step))
                {
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                }

                if (step == Step.End)
                {
                    await EnsureOnlyWhiteSpaceRemainsAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (skeleton.WrittenCount + writer.BytesPending > _maxSkeletonBytes)
                {
                    throw new InvalidDataException($"The response's members other than documents exceed {_maxSkeletonBytes} bytes.");
                }

                if (step != Step.DocumentName)
                {
                    continue;
                }

                // A "document" member: stream it when its value is a string, otherwise copy it as usual.
                int first;
                while ((first = PeekValueStart()) < 0)
                {
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                }

                if (_buffer[first] != (byte)'"')
                {
                    writer.WritePropertyName(DocumentName);
                    continue;
                }

                var members = objects.Count > 0 ? objects.Peek() : new Dictionary<string, string>();
                var info = BuildInfo(members, files.Count);
                var destination = await destinationFactory(info, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The document destination factory returned null.");
                _start = first + 1;
                long length = await StreamStringAsync(destination, cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                info.Length = length;
                writer.WriteNumber(DocumentIndexProperty, files.Count);
                files.Add(info);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return new EmbeddedDocumentReadResult(skeleton.WrittenMemory, files);
    }

    private static EmbeddedFileInfo BuildInfo(Dictionary<string, string> members, int index)
    {
        int? typeId = members.TryGetValue("typeid", out var t) && int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed) ? parsed : null;
        return new EmbeddedFileInfo
        {
            TypeId = typeId,
            Name = members.GetValueOrDefault("name"),
            Description = members.GetValueOrDefault("description"),
            Index = index,
        };
    }

    private enum Step
    {
        Token,
        DocumentName,
        End,
    }

    /// <summary>
    /// Reads a string token. Utf8JsonReader reports text that is not valid UTF-8 or UTF-16 (such as a lone
    /// <c>\ud800</c> escape) with an InvalidOperationException; this reader documents JsonException for malformed JSON.
    /// </summary>
    private static string ReadText(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A JSON string in the response is not valid Unicode: " + ex.Message, ex);
        }
    }

    /// <summary>Reads one token and copies it to the skeleton; false when more data is needed.</summary>
    private bool TryCopyToken(Utf8JsonWriter writer, Stack<Dictionary<string, string>> objects, ref string? lastName, out Step step)
    {
        step = Step.Token;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
        if (!reader.Read())
        {
            return false; // more data is needed (FillAsync throws if the response has ended)
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            Remember(objects, lastName, System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
        }

        if (!JsonTokenCopy.TryCopyPlainToken(writer, ref reader))
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    objects.Push(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    objects.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    lastName = ReadText(ref reader);
                    if (string.Equals(lastName, "document", StringComparison.OrdinalIgnoreCase))
                    {
                        step = Step.DocumentName;
                    }
                    else
                    {
                        writer.WritePropertyName(lastName!);
                    }

                    break;
                case JsonTokenType.String:
                    string text = ReadText(ref reader);
                    writer.WriteStringValue(text);
                    Remember(objects, lastName, text);
                    break;
                default:
                    break;
            }
        }

        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            step = Step.End; // the top-level value is complete: EnsureOnlyWhiteSpaceRemainsAsync checks what follows
        }

        return true;
    }

    private async ValueTask EnsureOnlyWhiteSpaceRemainsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            for (int i = _start; i < _end; i++)
            {
                if (_buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    throw new JsonException("The response has data after its JSON value.");
                }
            }

            _start = _end;
            if (_eof)
            {
                return;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Remember(Stack<Dictionary<string, string>> objects, string? name, string value)
    {
        if (name is not null && objects.Count > 0 && value.Length <= 1024)
        {
            objects.Peek()[name] = value;
        }
    }

    /// <summary>The index of the first byte of the value after a property name, or -1 when more data is needed.</summary>
    private int PeekValueStart()
    {
        for (int i = _start; i < _end; i++)
        {
            if (_buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return i;
            }
        }

        if (_eof)
        {
            throw new JsonException("The response ended where a document value was expected.");
        }

        _start = _end; // only white space was left
        return -1;
    }

    /// <summary>Streams the JSON string that starts at <see cref="_start"/> (after its opening quote) through a base64 decoder.</summary>
    private async Task<long> StreamStringAsync(Stream destination, CancellationToken cancellationToken)
    {
        byte[] chars = ArrayPool<byte>.Shared.Rent(Base64ChunkChars);
        byte[] decoded = ArrayPool<byte>.Shared.Rent(Base64ChunkChars / 4 * 3);
        int pending = 0;
        long total = 0;
        try
        {
            while (true)
            {
                var status = ScanString(chars, ref pending, out int closingQuote);
                if (status == ScanStatus.NeedMoreData)
                {
                    if (_eof)
                    {
                        throw new JsonException("The response ended inside a document's base64 text.");
                    }

                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                bool final = status == ScanStatus.End;
                int written = Decode(chars, ref pending, decoded, final);
                if (written > 0)
                {
                    await destination.WriteAsync(decoded.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                    total += written;
                }

                if (final)
                {
                    // Put an empty string literal where the document ended (an opening quote before its closing
                    // quote), so the JSON reader's state (which expects a value after the property name) continues
                    // as if the value had been "".
                    _start = closingQuote - 1;
                    _buffer[_start] = (byte)'"';
                    var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("The document value could not be resumed.");
                    }

                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    return total;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private enum ScanStatus
    {
        NeedMoreData,
        ChunkFull,
        End,
    }

    private ScanStatus ScanString(byte[] chars, ref int pending, out int closingQuote)
    {
        closingQuote = -1;
        int i = _start;
        try
        {
            while (i < _end)
            {
                if (pending == Base64ChunkChars)
                {
                    return ScanStatus.ChunkFull;
                }

                byte b = _buffer[i];
                if (b == (byte)'"')
                {
                    closingQuote = i;
                    return ScanStatus.End;
                }

                if (b == (byte)'\\')
                {
                    if (_end - i < 2)
                    {
                        return ScanStatus.NeedMoreData;
                    }

                    byte e = _buffer[i + 1];
                    switch (e)
                    {
                        case (byte)'/':
                            chars[pending++] = (byte)'/';
                            i += 2;
                            continue;
                        case (byte)'n' or (byte)'r' or (byte)'t':
                            i += 2; // line breaks inside base64 (MIME style) are ignored
                            continue;
                        case (byte)'u':
                            if (_end - i < 6)
                            {
                                return ScanStatus.NeedMoreData;
                            }

                            if (!Utf8Parser.TryParse(_buffer.AsSpan(i + 2, 4), out ushort code, out int used, 'X') || used != 4)
                            {
                                throw new JsonException("A document contains an invalid \\u escape.");
                            }

                            if (code is '\r' or '\n' or '\t' or ' ')
                            {
                                i += 6;
                                continue;
                            }

                            if (code > 0x7F || !IsBase64Char((byte)code))
                            {
                                throw new InvalidDataException("A document is not valid base64: it contains an escaped character outside the base64 alphabet.");
                            }

                            chars[pending++] = (byte)code;
                            i += 6;
                            continue;
                        default:
                            throw new InvalidDataException("A document is not valid base64: it contains an escape sequence that is not part of base64.");
                    }
                }

                if (!IsBase64Char(b))
                {
                    throw new InvalidDataException(b < 0x20
                        ? "A document contains a raw control character, which JSON does not allow."
                        : "A document is not valid base64: it contains a character outside the base64 alphabet.");
                }

                chars[pending++] = b;
                i++;
            }

            return ScanStatus.NeedMoreData;
        }
        finally
        {
            _start = i;
        }
    }

    private static bool IsBase64Char(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/' or (byte)'=';

    private static int Decode(byte[] chars, ref int pending, byte[] decoded, bool final)
    {
        // A full chunk is not known to be the last one until the closing quote (possibly after escaped line breaks)
        // has been seen, and a non-final decode refuses padding. So a non-final decode holds back the last block:
        // it is decoded with the next chunk, or as the final block when the string ends.
        int usable = final ? pending : Math.Max(0, pending - HeldBackChars);
        var status = Base64.DecodeFromUtf8(chars.AsSpan(0, usable), decoded, out int consumed, out int written, isFinalBlock: final);
        if (status == OperationStatus.InvalidData || (final && status != OperationStatus.Done))
        {
            throw new InvalidDataException("A document is not valid base64 (bad padding or length).");
        }

        int rest = pending - consumed;
        if (rest > 0)
        {
            Buffer.BlockCopy(chars, consumed, chars, 0, rest);
        }

        pending = rest;
        return written;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            throw new JsonException("The response ended before its JSON was complete.");
        }

        int live = _end - _start;
        if (_start > Reserve)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, Reserve, live);
            _start = Reserve;
            _end = Reserve + live;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxTokenBytes + Reserve)
            {
                throw new InvalidDataException($"A JSON token of the response exceeds {_maxTokenBytes} bytes.");
            }

            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxTokenBytes + Reserve));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        int read = await _source.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
        }
        else
        {
            _end += read;
        }
    }
}

/// <summary>The result of <see cref="EmbeddedDocumentReader.ReadAsync"/>.</summary>
/// <param name="Skeleton">The response's JSON with every streamed <c>document</c> member removed.</param>
/// <param name="Files">The streamed documents' metadata, in order, with their decoded lengths.</param>
internal sealed record EmbeddedDocumentReadResult(ReadOnlyMemory<byte> Skeleton, IReadOnlyList<EmbeddedFileInfo> Files);
