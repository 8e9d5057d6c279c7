using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>The outcome of reading a <c>POST /Orders/{uid}/Documents</c> body.</summary>
internal readonly record struct ClientDocument(string? Error, int TypeId, string? Name, string? Description, long Size, string? Sha256);

/// <summary>
/// Reads <c>{"embeddedFile":{"typeID","name","description","document"}}</c> with a forward-only reader, decoding the
/// base64 document in chunks into a SHA-256 hash: the document is never materialised as a string.
/// </summary>
internal static class ClientDocumentReader
{
    public static ClientDocument Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadCore(json);
        }
        catch (JsonException ex)
        {
            return new ClientDocument($"The request body is not valid JSON: {ex.Message}", 0, null, null, 0, null);
        }
    }

    private static ClientDocument ReadCore(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail("The request body must be a JSON object with an embeddedFile.");
        }

        bool seen = false;
        int? typeId = null;
        string? name = null, description = null, sha = null;
        long size = 0;
        bool hasDocument = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isFile = string.Equals(reader.GetString(), "embeddedFile", StringComparison.OrdinalIgnoreCase);
            reader.Read();
            if (!isFile)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail("embeddedFile must be an object.");
            }

            seen = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string property = reader.GetString()!.ToUpperInvariant();
                reader.Read();
                switch (property)
                {
                    case "TYPEID":
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int number))
                        {
                            typeId = number;
                        }
                        else if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
                        {
                            typeId = number;
                        }
                        else
                        {
                            return Fail("embeddedFile.typeID must be an integer document type code.");
                        }

                        break;
                    case "NAME":
                        name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case "DESCRIPTION":
                        description = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case "DOCUMENT":
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            return Fail("embeddedFile.document must be a base64 string.");
                        }

                        hasDocument = true;
                        if (!TryHashDocument(ref reader, out size, out sha))
                        {
                            return Fail("embeddedFile.document is not valid base64.");
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        if (!seen)
        {
            return Fail("embeddedFile is required.");
        }

        var missing = new List<string>();
        if (typeId is null)
        {
            missing.Add("embeddedFile.typeID is required.");
        }
        else if (!AppraisalWorksCatalog.ClientDocumentTypes.Contains(typeId.Value))
        {
            missing.Add($"embeddedFile.typeID {typeId} is not a client Document Type (1010, 2060, 2061, 2062, 2063).");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            missing.Add("embeddedFile.name is required.");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            missing.Add("embeddedFile.description is required.");
        }

        if (!hasDocument || size == 0)
        {
            missing.Add("embeddedFile.document is required and may not be empty.");
        }

        return missing.Count > 0 ? Fail(string.Join(" ", missing)) : new ClientDocument(null, typeId!.Value, name, description, size, sha);
    }

    private static bool TryHashDocument(ref Utf8JsonReader reader, out long size, out string? sha)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            bool ok = DocumentDecoder.TryHash(reader.ValueSpan, out size, out string hash);
            sha = ok ? hash : null;
            return ok;
        }

        // Escaped base64 (e.g. "\/") is rare: unescape into a pooled buffer, then decode the same way.
        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = reader.CopyString(rented);
            bool ok = DocumentDecoder.TryHash(rented.AsSpan(0, written), out size, out string hash);
            sha = ok ? hash : null;
            return ok;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ClientDocument Fail(string error) => new(error, 0, null, null, 0, null);
}
