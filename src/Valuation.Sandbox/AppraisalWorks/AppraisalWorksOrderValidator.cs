using System.Buffers.Text;
using System.Text.Json;

namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>A validated order request.</summary>
internal sealed record AwOrderRequest(
    string Action,
    string TransactionUid,
    string InternalAccountId,
    string LoanType,
    string StreetAddress,
    string City,
    string State,
    string Zip,
    string ProductCode,
    decimal? EstimatedValue,
    IReadOnlyList<AwEmbeddedFile> EmbeddedFiles);

/// <summary>A client document embedded in an order (decoded size and hash only).</summary>
internal sealed record AwEmbeddedFile(int TypeId, string Name, string Description, long Size, string Sha256);

/// <summary>Validates <c>POST /Orders</c> as the field tables and appendices describe; lists every problem found.</summary>
internal static class AppraisalWorksOrderValidator
{
    public static AwOrderRequest? Validate(JsonElement root, string clientId, bool defaultCoordinator, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("The order must be a JSON object.");
            return null;
        }

        var party = AwJson.Object(root, "requestingParty", "requestingParty", required: true, errors);
        if (party is { } p)
        {
            string? id = AwJson.Text(p, "clientID", "requestingParty.clientID", required: true, errors);
            if (id is not null && !string.Equals(id, clientId, StringComparison.Ordinal))
            {
                errors.Add($"requestingParty.clientID '{id}' is not the Client ID issued to you.");
            }

            AwJson.Text(p, "name", "requestingParty.name", required: true, errors);
        }

        var request = AwJson.Object(root, "request", "request", required: true, errors);
        string? transactionUid = null;
        string? action = null;
        if (request is { } r)
        {
            transactionUid = AwJson.Text(r, "transactionUID", "request.transactionUID", required: true, errors);
            if (transactionUid is not null && !IsSafeUid(transactionUid))
            {
                errors.Add("request.transactionUID may contain only letters, digits, '-', '_' and '.', up to 64 characters.");
                transactionUid = null;
            }

            var data = AwJson.Object(r, "requestData", "request.requestData", required: true, errors);
            if (data is { } d)
            {
                action = AwJson.Text(d, "action", "request.requestData.action", required: true, errors);
                if (action is not null && action is not ("Original" or "StatusQuery"))
                {
                    errors.Add($"request.requestData.action '{action}' is not supported: use Original or StatusQuery.");
                }
            }
        }

        if (action == "StatusQuery")
        {
            return errors.Count == 0 ? new AwOrderRequest(action, transactionUid!, "", "", "", "", "", "", "", null, []) : null;
        }

        AwJson.Text(root, "referenceNumber", "referenceNumber", required: false, errors);
        AwJson.Boolean(root, "complexProperty", "complexProperty", errors);
        AwJson.Boolean(root, "priority", "priority", errors);
        string? due = AwJson.Text(root, "requestedDueDate", "requestedDueDate", required: false, errors);
        if (!string.IsNullOrWhiteSpace(due) && !AwJson.TryParseDate(due, out _))
        {
            errors.Add($"requestedDueDate '{due}' is not a date (use M/d/yyyy, e.g. 12/22/2023).");
        }

        string? fha = AwJson.Text(root, "fhaCaseNumber", "fhaCaseNumber", required: false, errors);

        string? internalAccountId = null, loanType = null, street = null, city = null, state = null, zip = null, productCode = null;
        decimal? estimatedValue = null;
        var files = new List<AwEmbeddedFile>();
        if (request is { } req)
        {
            internalAccountId = AwJson.Text(req, "internalAccountID", "request.internalAccountID", required: true, errors);
            AwJson.Text(req, "branchID", "request.branchID", required: false, errors);
            AwJson.Number(req, "loanAmount", "request.loanAmount", errors);
            decimal? salesPrice = AwJson.Number(req, "salesPrice", "request.salesPrice", errors);
            estimatedValue = AwJson.Number(req, "estimatedValue", "request.estimatedValue", errors) ?? salesPrice;
            loanType = AwJson.Text(req, "loanType", "request.loanType", required: true, errors);
            if (loanType is not null && !AppraisalWorksCatalog.LoanTypes.Contains(loanType))
            {
                errors.Add($"request.loanType '{loanType}' is not a Loan Type from the appendix.");
            }

            if (AwJson.TryGet(req, "requestData", out var data) && data.ValueKind == JsonValueKind.Object
                && AwJson.Object(data, "loan", "request.requestData.loan", required: true, errors) is { } loan)
            {
                const string lp = "request.requestData.loan";
                if (AwJson.Object(loan, "application", lp + ".application", required: true, errors) is { } application
                    && AwJson.Object(application, "property", lp + ".application.property", required: true, errors) is { } property)
                {
                    const string pp = lp + ".application.property";
                    street = AwJson.Text(property, "streetAddress", pp + ".streetAddress", required: true, errors);
                    city = AwJson.Text(property, "city", pp + ".city", required: true, errors);
                    state = AwJson.Text(property, "state", pp + ".state", required: true, errors);
                    zip = AwJson.Text(property, "zip", pp + ".zip", required: true, errors);
                    AwJson.Text(property, "county", pp + ".county", required: false, errors);
                    string? propertyType = AwJson.Text(property, "propertyType", pp + ".propertyType", required: true, errors);
                    if (propertyType is not null && !AppraisalWorksCatalog.PropertyTypes.Contains(propertyType))
                    {
                        errors.Add($"{pp}.propertyType '{propertyType}' is not a Property Type from the appendix.");
                    }
                }

                if (AwJson.Object(loan, "product", lp + ".product", required: true, errors) is { } product)
                {
                    productCode = AwJson.Text(product, "code", lp + ".product.code", required: true, errors);
                    if (productCode is not null && !AppraisalWorksCatalog.ProductCodes.Contains(productCode))
                    {
                        errors.Add($"{lp}.product.code '{productCode}' is not a Product Code from the appendix.");
                    }
                    else if (productCode is not null && AppraisalWorksCatalog.FhaProductCodes.Contains(productCode) && string.IsNullOrWhiteSpace(fha))
                    {
                        errors.Add($"fhaCaseNumber is required for the FHA product {productCode}.");
                    }
                }

                ValidateEmbeddedFiles(loan, lp + ".embeddedFile", files, errors);
                ValidateParties(loan, lp + ".parties", defaultCoordinator, errors);
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new AwOrderRequest(action!, transactionUid!, internalAccountId!, loanType!, street!, city!, state!, zip!, productCode!.ToUpperInvariant(), estimatedValue, files);
    }

    public static bool IsSafeUid(string uid) =>
        uid.Length is > 0 and <= 64 && uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static void ValidateEmbeddedFiles(JsonElement loan, string path, List<AwEmbeddedFile> files, List<string> errors)
    {
        if (!AwJson.TryGet(loan, "embeddedFile", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        JsonElement[] entries = value.ValueKind switch
        {
            JsonValueKind.Array => [.. value.EnumerateArray()],
            JsonValueKind.Object => [value],
            _ => [],
        };
        if (value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            errors.Add($"{path} must be an array of files.");
            return;
        }

        for (int i = 0; i < entries.Length; i++)
        {
            string at = $"{path}[{i}]";
            var file = entries[i];
            if (file.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at} must be an object.");
                continue;
            }

            int before = errors.Count;
            int? typeId = AwJson.TypeId(file, at, errors);
            if (typeId is { } t && !AppraisalWorksCatalog.ClientDocumentTypes.Contains(t))
            {
                errors.Add($"{at}.typeID {t} is not a client Document Type (1010, 2060, 2061, 2062, 2063).");
            }

            string? name = AwJson.Text(file, "name", at + ".name", required: true, errors);
            string? description = AwJson.Text(file, "description", at + ".description", required: true, errors);
            string? document = AwJson.Text(file, "document", at + ".document", required: true, errors);
            if (document is null || errors.Count != before)
            {
                continue;
            }

            if (!DocumentDecoder.TryHash(System.Text.Encoding.ASCII.GetBytes(document), out long size, out string sha))
            {
                errors.Add($"{at}.document is not valid base64.");
                continue;
            }

            files.Add(new AwEmbeddedFile(typeId!.Value, name!, description!, size, sha));
        }
    }

    private static void ValidateParties(JsonElement loan, string path, bool defaultCoordinator, List<string> errors)
    {
        if (!AwJson.TryGet(loan, "parties", out var parties) || parties.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path} is required: at least one Borrower, a Loan Officer, a Loan Processor and an Appraisal Coordinator.");
            return;
        }

        var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        foreach (var party in parties.EnumerateArray())
        {
            string at = $"{path}[{i++}]";
            if (party.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at} must be an object.");
                continue;
            }

            string? type = AwJson.Text(party, "partyType", at + ".partyType", required: true, errors);
            if (type is not null && !AppraisalWorksCatalog.PartyTypes.Contains(type))
            {
                errors.Add($"{at}.partyType '{type}' is not a Contact Role from the appendix.");
            }
            else if (type is not null)
            {
                roles.Add(type);
            }

            AwJson.Text(party, "firstName", at + ".firstName", required: false, errors);
            AwJson.Text(party, "lastName", at + ".lastName", required: true, errors);
            if (AwJson.Object(party, "contactMethod", at + ".contactMethod", required: true, errors) is not { } method)
            {
                continue;
            }

            if (!AwJson.TryGet(method, "contactInfo", out var infos) || infos.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{at}.contactMethod.contactInfo is required (an array).");
                continue;
            }

            int j = 0;
            foreach (var info in infos.EnumerateArray())
            {
                string ci = $"{at}.contactMethod.contactInfo[{j++}]";
                AwJson.Text(info, "contactLabel", ci + ".contactLabel", required: true, errors);
                string? contactType = AwJson.Text(info, "contactType", ci + ".contactType", required: true, errors);
                if (contactType is not null && !AppraisalWorksCatalog.ContactTypes.Contains(contactType))
                {
                    errors.Add($"{ci}.contactType '{contactType}' is not a Contact Type (Email, Phone, Mobile).");
                }

                AwJson.Text(info, "contactValue", ci + ".contactValue", required: true, errors);
            }
        }

        foreach (string role in new[] { "Borrower", "Loan Officer", "Loan Processor", "Appraisal Coordinator" })
        {
            // The account may default the coordinator to "a pre-defined contact on all new order requests".
            if (!roles.Contains(role) && !(defaultCoordinator && role == "Appraisal Coordinator"))
            {
                errors.Add($"{path} must include a {role}.");
            }
        }
    }
}

/// <summary>Decodes base64 in chunks into a SHA-256 hash and a byte count, never holding the decoded document whole.</summary>
internal static class DocumentDecoder
{
    private const int ChunkChars = 64 * 1024;

    public static bool TryHash(ReadOnlySpan<byte> base64Utf8, out long size, out string sha256)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        byte[] buffer = new byte[ChunkChars / 4 * 3];
        size = 0;
        sha256 = string.Empty;
        var remaining = base64Utf8;
        while (true)
        {
            bool final = remaining.Length <= ChunkChars;
            var chunk = final ? remaining : remaining[..ChunkChars];
            var status = Base64.DecodeFromUtf8(chunk, buffer, out int consumed, out int written, isFinalBlock: final);
            if (status != System.Buffers.OperationStatus.Done || consumed != chunk.Length)
            {
                return false;
            }

            hash.AppendData(buffer, 0, written);
            size += written;
            if (final)
            {
                break;
            }

            remaining = remaining[ChunkChars..];
        }

        sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return true;
    }
}
