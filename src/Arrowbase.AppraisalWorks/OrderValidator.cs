using Arrowbase.AppraisalWorks.Appendices;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// Checks requests against the document's field tables and appendices before anything is sent, reporting every
/// problem at once. Each message names the field by its wire path.
/// </summary>
public static class OrderValidator
{
    /// <summary>
    /// The contact label <c>Mobile</c> is not in the Contact Labels appendix (Home, Work, Other) but the document's
    /// own order examples use it, so it is accepted too.
    /// </summary>
    public const string DocumentedExtraContactLabel = "Mobile";

    /// <summary>Validates a new order; the Appraisal Coordinator may come from <paramref name="defaultCoordinator"/>.</summary>
    /// <param name="order">The order.</param>
    /// <param name="defaultCoordinator">The configured default coordinator, or null.</param>
    /// <returns>Every problem found; empty when valid.</returns>
    public static IReadOnlyList<string> ValidateOrder(OrderRequest order, Party? defaultCoordinator = null) =>
        Validate(order, coordinatorDefaulted: defaultCoordinator is not null, allowUnlistedCodes: false);

    /// <summary>
    /// Validates a new order as <see cref="IAppraisalWorksClient.CreateOrderAsync"/> does with these options: the
    /// Appraisal Coordinator may come from <see cref="AppraisalWorksOptions.AppraisalCoordinator"/> or be defaulted by the
    /// account (<see cref="AppraisalWorksOptions.AccountHasDefaultAppraisalCoordinator"/>), and unlisted codes pass when
    /// <see cref="AppraisalWorksOptions.AllowUnlistedCodes"/> says so.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="options">The client options.</param>
    /// <returns>Every problem found; empty when valid.</returns>
    public static IReadOnlyList<string> ValidateOrder(OrderRequest order, AppraisalWorksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Validate(order, options.AppraisalCoordinator is not null || options.AccountHasDefaultAppraisalCoordinator, options.AllowUnlistedCodes);
    }

    private static List<string> Validate(OrderRequest order, bool coordinatorDefaulted, bool allowUnlistedCodes)
    {
        ArgumentNullException.ThrowIfNull(order);
        var errors = new List<string>();
        if (order.RequestedDueDate is { } due && !due.IsOrderDateForm)
        {
            errors.Add($"requestedDueDate '{due.Raw}' is not in the documented form M/d/yyyy (such as 12/22/2023); build it with AppraisalWorksDate.FromDate.");
        }

        var rp = order.RequestingParty;
        if (rp is null)
        {
            errors.Add("requestingParty is required.");
        }
        else
        {
            Required(errors, rp.ClientId, "requestingParty.clientID");
            Required(errors, rp.Name, "requestingParty.name");
        }

        var request = order.Request;
        if (request is null)
        {
            errors.Add("request is required.");
            return errors;
        }

        Required(errors, request.InternalAccountId, "request.internalAccountID");
        if (Required(errors, request.LoanType, "request.loanType") && !LoanTypes.IsDefined(request.LoanType))
        {
            errors.Add($"request.loanType '{request.LoanType}' is not a Loan Type of the appendix ({string.Join(", ", LoanTypes.All)}).");
        }

        if (Required(errors, request.TransactionUid, "request.transactionUID"))
        {
            string? uidProblem = TransactionUid.Check(request.TransactionUid!);
            if (uidProblem is not null)
            {
                errors.Add("request.transactionUID " + uidProblem);
            }
        }

        NotNegative(errors, request.LoanAmount, "loanAmount");
        NotNegative(errors, request.SalesPrice, "salesPrice");
        NotNegative(errors, request.EstimatedValue, "estimatedValue");

        var data = request.RequestData;
        if (data is null)
        {
            errors.Add("request.requestData is required.");
            return errors;
        }

        if (Required(errors, data.Action, "request.requestData.action")
            && !string.Equals(data.Action, RequestActions.Original, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(data.Action, RequestActions.StatusQuery, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"request.requestData.action must be '{RequestActions.Original}' or '{RequestActions.StatusQuery}'.");
        }

        var loan = data.Loan;
        if (loan is null)
        {
            errors.Add("request.requestData.loan is required.");
            return errors;
        }

        const string L = "request.requestData.loan";
        var property = loan.Application?.Property;
        if (property is null)
        {
            errors.Add($"{L}.application.property is required.");
        }
        else
        {
            Required(errors, property.StreetAddress, $"{L}.application.property.streetAddress");
            Required(errors, property.City, $"{L}.application.property.city");
            Required(errors, property.State, $"{L}.application.property.state");
            Required(errors, property.Zip, $"{L}.application.property.zip");
            if (Required(errors, property.PropertyType, $"{L}.application.property.propertyType") && !PropertyTypes.IsDefined(property.PropertyType))
            {
                errors.Add($"{L}.application.property.propertyType '{property.PropertyType}' is not a Property Type of the appendix ({string.Join(", ", PropertyTypes.All)}).");
            }
        }

        if (loan.Product is null)
        {
            errors.Add($"{L}.product is required.");
        }
        else if (Required(errors, loan.Product.Code, $"{L}.product.code"))
        {
            if (!ProductCodes.IsDefined(loan.Product.Code))
            {
                if (!allowUnlistedCodes)
                {
                    errors.Add($"{L}.product.code '{loan.Product.Code}' is not a Product Code of the appendix (set AppraisalWorks:AllowUnlistedCodes for a product added since).");
                }
            }
            else if (ProductCodes.IsFha(loan.Product.Code) && string.IsNullOrWhiteSpace(order.FhaCaseNumber))
            {
                errors.Add($"fhaCaseNumber is required for the FHA product {loan.Product.Code}.");
            }
        }

        if (loan.EmbeddedFile is { } files)
        {
            for (int i = 0; i < files.Count; i++)
            {
                ValidateEmbeddedFile(errors, files[i], $"{L}.embeddedFile", i, allowUnlistedCodes);
            }
        }

        var parties = loan.Parties ?? [];
        bool borrower = false, officer = false, processor = false, coordinator = false;
        for (int i = 0; i < parties.Count; i++)
        {
            ValidateParty(errors, parties[i], $"{L}.parties", i);
            switch (ContactRoles.Find(parties[i]?.PartyType))
            {
                case ContactRoles.Borrower: borrower = true; break;
                case ContactRoles.LoanOfficer: officer = true; break;
                case ContactRoles.LoanProcessor: processor = true; break;
                case ContactRoles.AppraisalCoordinator: coordinator = true; break;
            }
        }

        if (!borrower)
        {
            errors.Add($"{L}.parties must include at least one {ContactRoles.Borrower}.");
        }

        if (!officer)
        {
            errors.Add($"{L}.parties must include a {ContactRoles.LoanOfficer}.");
        }

        if (!processor)
        {
            errors.Add($"{L}.parties must include a {ContactRoles.LoanProcessor}.");
        }

        if (!coordinator && !coordinatorDefaulted)
        {
            errors.Add($"{L}.parties must include an {ContactRoles.AppraisalCoordinator} (or configure AppraisalWorks:AppraisalCoordinator, or AppraisalWorks:AccountHasDefaultAppraisalCoordinator when the account defaults one).");
        }

        return errors;
    }

    /// <summary>Validates a party and its contact methods.</summary>
    /// <param name="party">The party.</param>
    /// <param name="path">The field path used in messages.</param>
    /// <returns>Every problem found.</returns>
    public static IReadOnlyList<string> ValidateParty(Party? party, string path)
    {
        var errors = new List<string>();
        ValidateParty(errors, party, path, -1);
        return errors;
    }

    // The party's path (pathBase, or pathBase[index] when index >= 0) and its members' paths are built only for a
    // message: a valid party costs no strings.
    private static void ValidateParty(List<string> errors, Party? party, string pathBase, int index)
    {
        string? path = null;
        string Path() => path ??= index < 0 ? pathBase : $"{pathBase}[{index}]";
        if (party is null)
        {
            errors.Add($"{Path()} must not be null.");
            return;
        }

        if (IsBlank(party.PartyType))
        {
            errors.Add($"{Path()}.partyType is required.");
        }
        else if (!IsRole(party.PartyType))
        {
            errors.Add($"{Path()}.partyType '{party.PartyType}' is not a Contact Role of the appendix ({string.Join(", ", ContactRoles.All)}).");
        }

        if (IsBlank(party.LastName))
        {
            errors.Add($"{Path()}.lastName is required.");
        }

        var infos = party.ContactMethod?.ContactInfo;
        if (infos is null || infos.Count == 0)
        {
            errors.Add($"{Path()}.contactMethod.contactInfo needs at least one entry.");
            return;
        }

        for (int i = 0; i < infos.Count; i++)
        {
            var info = infos[i];
            if (info is null)
            {
                errors.Add($"{Path()}.contactMethod.contactInfo[{i}] must not be null.");
                continue;
            }

            if (IsBlank(info.ContactLabel))
            {
                errors.Add($"{Path()}.contactMethod.contactInfo[{i}].contactLabel is required.");
            }
            else if (DocumentedSpelling.FindContactLabel(info.ContactLabel) is null)
            {
                errors.Add($"{Path()}.contactMethod.contactInfo[{i}].contactLabel '{info.ContactLabel}' is not a documented contact label ({string.Join(", ", ContactLabels.All)}).");
            }

            if (IsBlank(info.ContactType))
            {
                errors.Add($"{Path()}.contactMethod.contactInfo[{i}].contactType is required.");
            }
            else if (!ContactTypes.IsDefined(info.ContactType))
            {
                errors.Add($"{Path()}.contactMethod.contactInfo[{i}].contactType '{info.ContactType}' is not a documented contact type ({string.Join(", ", ContactTypes.All)}).");
            }

            if (IsBlank(info.ContactValue))
            {
                errors.Add($"{Path()}.contactMethod.contactInfo[{i}].contactValue is required.");
            }
        }
    }

    /// <summary>Validates a document to add to an order: all four members, and a client Document Type code.</summary>
    /// <param name="file">The file.</param>
    /// <param name="allowUnlistedCodes">True to accept a typeID the appendix does not list.</param>
    /// <returns>Every problem found.</returns>
    public static IReadOnlyList<string> ValidateDocument(EmbeddedFile? file, bool allowUnlistedCodes = false)
    {
        var errors = new List<string>();
        if (file is null)
        {
            errors.Add("embeddedFile is required.");
        }
        else
        {
            ValidateEmbeddedFile(errors, file, "embeddedFile", -1, allowUnlistedCodes);
        }

        return errors;
    }

    /// <summary>Validates an inspection schedule request: option 1 required, 1 to 3 options, time slots "1".."3".</summary>
    /// <param name="request">The request.</param>
    /// <returns>Every problem found.</returns>
    public static IReadOnlyList<string> ValidateInspectionSchedule(InspectionScheduleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        if (request.Option1Date is null)
        {
            errors.Add("option1Date is required.");
        }

        if (request.Option1TimeSlot is null)
        {
            errors.Add("option1TimeSlot is required.");
        }

        foreach (var (date, slot, n) in new[] { (request.Option1Date, request.Option1TimeSlot, 1), (request.Option2Date, request.Option2TimeSlot, 2), (request.Option3Date, request.Option3TimeSlot, 3) })
        {
            if (slot is not null && !TimeSlots.IsDefined(slot))
            {
                errors.Add($"option{n}TimeSlot '{slot}' must be 1, 2 or 3.");
            }

            if (n > 1 && (date is null) != (slot is null))
            {
                errors.Add($"option{n}Date and option{n}TimeSlot must be given together.");
            }
        }

        return errors;
    }

    internal static bool IsRole(string? value) => ContactRoles.IsDefined(value);

    // The field notes: "Embedded files are optional but if one is specified all related data elements ... are required."
    // The path (pathBase, or pathBase[index] when index >= 0) is built only for a message.
    private static void ValidateEmbeddedFile(List<string> errors, EmbeddedFile? file, string pathBase, int index, bool allowUnlistedCodes)
    {
        string? path = null;
        string Path() => path ??= index < 0 ? pathBase : $"{pathBase}[{index}]";
        if (file is null)
        {
            errors.Add($"{Path()} must not be null.");
            return;
        }

        bool hasType = file.TypeId is not null;
        bool hasName = !string.IsNullOrWhiteSpace(file.Name);
        bool hasDescription = !string.IsNullOrWhiteSpace(file.Description);
        bool hasDocument = file.Document is { IsEmpty: false };

        if (!(hasType && hasName && hasDescription && hasDocument))
        {
            var missing = new List<string>();
            if (!hasType)
            {
                missing.Add("typeID");
            }

            if (!hasName)
            {
                missing.Add("name");
            }

            if (!hasDescription)
            {
                missing.Add("description");
            }

            if (!hasDocument)
            {
                missing.Add("document");
            }

            errors.Add($"{Path()} needs all four members (typeID, name, description, document); missing: {string.Join(", ", missing)}.");
        }

        if (file.TypeId is { } type && !DocumentTypes.IsClientDocument(type) && !allowUnlistedCodes)
        {
            errors.Add($"{Path()}.typeID {type} is not a client document type ({string.Join(", ", DocumentTypes.ClientDocuments.Keys)}).");
        }
    }

    private static void NotNegative(List<string> errors, decimal? value, string name)
    {
        if (value < 0)
        {
            errors.Add($"request.{name} must not be negative.");
        }
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private static bool Required(List<string> errors, string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required.");
            return false;
        }

        return true;
    }
}
