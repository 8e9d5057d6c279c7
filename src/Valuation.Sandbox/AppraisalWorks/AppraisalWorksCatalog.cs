namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>The document's appendices: the values the sandbox accepts.</summary>
internal static class AppraisalWorksCatalog
{
    public static readonly HashSet<int> ClientDocumentTypes = [1010, 2060, 2061, 2062, 2063];

    public static readonly HashSet<string> PartyTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Borrower", "Loan Officer", "Loan Processor", "Property Contact", "Appraisal Coordinator", "Attorney", "Builder", "Buyer",
        "Lender", "Other", "Owner", "Real Estate Agent – Buyer", "Real Estate Agent – Seller", "Real Estate Agent - Buyer",
        "Real Estate Agent - Seller", "Seller",
    };

    public static readonly HashSet<string> ContactTypes = new(StringComparer.OrdinalIgnoreCase) { "Email", "Phone", "Mobile" };

    public static readonly HashSet<string> LoanTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Acquisition", "Construction", "Default", "Home Equity", "Land Contract", "Purchase", "Refinance", "Renewal", "REO",
        "Reverse", "Workout", "Unknown",
    };

    public static readonly HashSet<string> PropertyTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Commercial", "Condo", "Duplex", "Farm Property", "Manufactured Home", "Multi-Family", "Other", "PUD", "Single Family",
        "Town Home", "Vacant Land",
    };

    /// <summary>Product codes that are FHA appraisals (their descriptions start with FHA): they need fhaCaseNumber.</summary>
    public static readonly HashSet<string> FhaProductCodes = new(StringComparer.OrdinalIgnoreCase) { "A019", "A021", "A027", "A035", "A070", "A124" };

    public static readonly HashSet<string> ProductCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "A001", "A002", "A004", "A005", "A007", "A010", "A011", "A012", "A013", "A014", "A018", "A019", "A021", "A022", "A023",
        "A027", "A030", "A035", "A036", "A042", "A043", "A055", "A060", "A061", "A062", "A070", "A073", "A076", "A082", "A085",
        "A104", "A105", "A106", "A107", "A112", "A113", "A114", "A115", "A119", "A120", "A124", "A143", "A157", "A158", "A159",
        "A15R", "A160", "A169", "A170", "A176", "A17A", "A183", "A196", "A197", "A198", "A199", "A209", "A211", "A220", "A221",
        "A222", "A223", "A230", "A231", "A232", "A233", "A234", "A237", "A238", "A254", "A255", "A256", "A258", "A260", "A261",
        "A262", "A263", "A264", "A265", "A266", "A267", "A268", "A269", "A270", "A271", "A281", "A282", "A283", "A284", "A285",
        "A286", "A287", "A289", "A290", "A291", "A292", "A293", "A294", "AC01", "AE11", "AEVM", "AS01", "AS02", "AS03", "AS04",
        "AS05", "AS06", "AS07", "AS08", "AS09", "AS10", "AVMM", "AX1", "CTRK", "LNOC",
    };
}
