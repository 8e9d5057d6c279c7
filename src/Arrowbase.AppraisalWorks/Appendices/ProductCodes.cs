namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The product codes of the "Appendix - Product Codes" (115 codes), each with its name.</summary>
public static class ProductCodes
{
    /// <summary>A001: FNMA 1004 Single Family.</summary>
    public const string CodeA001 = "A001";

    /// <summary>A002: FNMA 1025 2-4 Unit.</summary>
    public const string CodeA002 = "A002";

    /// <summary>A004: FNMA 2006 Desk Review.</summary>
    public const string CodeA004 = "A004";

    /// <summary>A005: FNMA 2000 Field Review.</summary>
    public const string CodeA005 = "A005";

    /// <summary>A007: FNMA 1073 Condo.</summary>
    public const string CodeA007 = "A007";

    /// <summary>A010: FNMA 2090 Co-op.</summary>
    public const string CodeA010 = "A010";

    /// <summary>A011: FNMA 2095 Co-op Exterior.</summary>
    public const string CodeA011 = "A011";

    /// <summary>A012: Land Appraisal.</summary>
    public const string CodeA012 = "A012";

    /// <summary>A013: FNMA 1004-D.</summary>
    public const string CodeA013 = "A013";

    /// <summary>A014: Draw Inspection.</summary>
    public const string CodeA014 = "A014";

    /// <summary>A018: FNMA 2055 Exterior.</summary>
    public const string CodeA018 = "A018";

    /// <summary>A019: FHA 1004 Single Family.</summary>
    public const string CodeA019 = "A019";

    /// <summary>A021: FHA 1073 Condo.</summary>
    public const string CodeA021 = "A021";

    /// <summary>A022: USDA.</summary>
    public const string CodeA022 = "A022";

    /// <summary>A023: FNMA 1004C Mfg Housing.</summary>
    public const string CodeA023 = "A023";

    /// <summary>A027: FHA 1025 2-4 Unit.</summary>
    public const string CodeA027 = "A027";

    /// <summary>A030: FNMA 216 Operating Income Statement.</summary>
    public const string CodeA030 = "A030";

    /// <summary>A035: FHA 1004C Mfg Housing.</summary>
    public const string CodeA035 = "A035";

    /// <summary>A036: FNMA 1004 New Construction.</summary>
    public const string CodeA036 = "A036";

    /// <summary>A042: FNMA 1007 Comparable Rent.</summary>
    public const string CodeA042 = "A042";

    /// <summary>A043: FNMA 2000 Single Family.</summary>
    public const string CodeA043 = "A043";

    /// <summary>A055: FNMA 1025 + FNMA 216.</summary>
    public const string CodeA055 = "A055";

    /// <summary>A060: FNMA 1004C + FNMA 1007.</summary>
    public const string CodeA060 = "A060";

    /// <summary>A061: FNMA 1004 + FNMA 1007.</summary>
    public const string CodeA061 = "A061";

    /// <summary>A062: FNMA 1073 + FNMA 1007.</summary>
    public const string CodeA062 = "A062";

    /// <summary>A070: FHA 1004 203K.</summary>
    public const string CodeA070 = "A070";

    /// <summary>A073: FNMA 1075 Ext Condo.</summary>
    public const string CodeA073 = "A073";

    /// <summary>A076: FNMA 1004 + FNMA 216 + FNMA 1007.</summary>
    public const string CodeA076 = "A076";

    /// <summary>A082: FNMA 1073 + FNMA 216 + FNMA 1007.</summary>
    public const string CodeA082 = "A082";

    /// <summary>A085: ValueNet 55 (Comp Photos).</summary>
    public const string CodeA085 = "A085";

    /// <summary>A104: ValueNet 55.</summary>
    public const string CodeA104 = "A104";

    /// <summary>A105: ValueNet Basic.</summary>
    public const string CodeA105 = "A105";

    /// <summary>A106: ValueNet Plus.</summary>
    public const string CodeA106 = "A106";

    /// <summary>A107: ValueNet EX.</summary>
    public const string CodeA107 = "A107";

    /// <summary>A112: Broker Price Opinion Ext.</summary>
    public const string CodeA112 = "A112";

    /// <summary>A113: Broker Price Opinion Int.</summary>
    public const string CodeA113 = "A113";

    /// <summary>A114: Broker Price Opinion Land.</summary>
    public const string CodeA114 = "A114";

    /// <summary>A115: Property Condition Report.</summary>
    public const string CodeA115 = "A115";

    /// <summary>A119: Interior Property Condition Report.</summary>
    public const string CodeA119 = "A119";

    /// <summary>A120: Commercial FIRREA/USPAP Compliance Review.</summary>
    public const string CodeA120 = "A120";

    /// <summary>A124: FHA Compliance Inspection.</summary>
    public const string CodeA124 = "A124";

    /// <summary>A143: CA AVM.</summary>
    public const string CodeA143 = "A143";

    /// <summary>A157: iValueNet Plus.</summary>
    public const string CodeA157 = "A157";

    /// <summary>A158: iValueNet EX.</summary>
    public const string CodeA158 = "A158";

    /// <summary>A159: iValueNet 55.</summary>
    public const string CodeA159 = "A159";

    /// <summary>A15R: eValWorks (PCR + Review).</summary>
    public const string CodeA15R = "A15R";

    /// <summary>A160: iValueNet 55 (Comp Photos).</summary>
    public const string CodeA160 = "A160";

    /// <summary>A169: CA Risk Profiler.</summary>
    public const string CodeA169 = "A169";

    /// <summary>A170: ValueNet Plus (Comp Photos).</summary>
    public const string CodeA170 = "A170";

    /// <summary>A176: FieldSmart LTE – Exterior.</summary>
    public const string CodeA176 = "A176";

    /// <summary>A17A: FieldSmart Full – Exterior.</summary>
    public const string CodeA17A = "A17A";

    /// <summary>A183: ValueNet 55 (Comp Photos + Cost Approach).</summary>
    public const string CodeA183 = "A183";

    /// <summary>A196: AIV/ARV FNMA 1004.</summary>
    public const string CodeA196 = "A196";

    /// <summary>A197: AIV/ARV FNMA 1025.</summary>
    public const string CodeA197 = "A197";

    /// <summary>A198: AIV/ARV FNMA 1073.</summary>
    public const string CodeA198 = "A198";

    /// <summary>A199: AIV/ARV FNMA 2055 Exterior.</summary>
    public const string CodeA199 = "A199";

    /// <summary>A209: FNMA Property Data Collection.</summary>
    public const string CodeA209 = "A209";

    /// <summary>A211: iValueNet Plus (Comp Photos).</summary>
    public const string CodeA211 = "A211";

    /// <summary>A220: FieldSmart Full – Interior.</summary>
    public const string CodeA220 = "A220";

    /// <summary>A221: FieldSmart LTE – Interior.</summary>
    public const string CodeA221 = "A221";

    /// <summary>A222: FieldSmart SI – Interior.</summary>
    public const string CodeA222 = "A222";

    /// <summary>A223: FieldSmart SI – Exterior.</summary>
    public const string CodeA223 = "A223";

    /// <summary>A230: AIV/ARV FNMA 1004 + FNMA 1007.</summary>
    public const string CodeA230 = "A230";

    /// <summary>A231: AIV/ARV FNMA 1025 + FNMA 216.</summary>
    public const string CodeA231 = "A231";

    /// <summary>A232: AIV/ARV FNMA 1073 + FNMA 1007.</summary>
    public const string CodeA232 = "A232";

    /// <summary>A233: AIV/ARV FNMA 2055 + FNMA 1007.</summary>
    public const string CodeA233 = "A233";

    /// <summary>A234: CA Commercial Value.</summary>
    public const string CodeA234 = "A234";

    /// <summary>A237: FMAC Property Data Report.</summary>
    public const string CodeA237 = "A237";

    /// <summary>A238: Home Value Explorer.</summary>
    public const string CodeA238 = "A238";

    /// <summary>A254: 1004/70H Bifurcated Appraisal FNMA.</summary>
    public const string CodeA254 = "A254";

    /// <summary>A255: FNMA 1004/70 Desktop.</summary>
    public const string CodeA255 = "A255";

    /// <summary>A256: 1004/70H Bifurcated Appraisal FMAC.</summary>
    public const string CodeA256 = "A256";

    /// <summary>A258: 1004/70H Bifurcated Appraisal.</summary>
    public const string CodeA258 = "A258";

    /// <summary>A260: ValueNet 55 AIV+ARV.</summary>
    public const string CodeA260 = "A260";

    /// <summary>A261: ValueNet 55 AIV+ARV (Comp Photos).</summary>
    public const string CodeA261 = "A261";

    /// <summary>A262: iValueNet 55 AIV+ARV.</summary>
    public const string CodeA262 = "A262";

    /// <summary>A263: iValueNet 55 AIV+ARV (Comp Photos).</summary>
    public const string CodeA263 = "A263";

    /// <summary>A264: ValueNet 55 with Rent Addendum.</summary>
    public const string CodeA264 = "A264";

    /// <summary>A265: iValueNet 55 with Rent Addendum.</summary>
    public const string CodeA265 = "A265";

    /// <summary>A266: iValueNet 55 with Rent Addendum (Comp Photos).</summary>
    public const string CodeA266 = "A266";

    /// <summary>A267: ValueNet 55 with Rent Addendum (Comp Photos).</summary>
    public const string CodeA267 = "A267";

    /// <summary>A268: iValueNet 55 AIV/ARV with Rent Addendum.</summary>
    public const string CodeA268 = "A268";

    /// <summary>A269: Broker Price Opinion Ext w/ARV.</summary>
    public const string CodeA269 = "A269";

    /// <summary>A270: Broker Price Opinion Int w/ARV.</summary>
    public const string CodeA270 = "A270";

    /// <summary>A271: ValueNet 55 Basic.</summary>
    public const string CodeA271 = "A271";

    /// <summary>A281: Broker Price Opinion Int + 24 hour rush.</summary>
    public const string CodeA281 = "A281";

    /// <summary>A282: Broker Price Opinion Int + 48 hour rush.</summary>
    public const string CodeA282 = "A282";

    /// <summary>A283: Broker Price Opinion Ext + 24 hour rush.</summary>
    public const string CodeA283 = "A283";

    /// <summary>A284: Broker Price Opinion Ext + 48 hour rush.</summary>
    public const string CodeA284 = "A284";

    /// <summary>A285: Evaluation Interior.</summary>
    public const string CodeA285 = "A285";

    /// <summary>A286: Evaluation Interior + 24 hour rush.</summary>
    public const string CodeA286 = "A286";

    /// <summary>A287: Evaluation Interior + 48 hour rush.</summary>
    public const string CodeA287 = "A287";

    /// <summary>A289: Evaluation Exterior + 24 hour rush.</summary>
    public const string CodeA289 = "A289";

    /// <summary>A290: Evaluation Exterior + 48 hour rush.</summary>
    public const string CodeA290 = "A290";

    /// <summary>A291: Broker Price Opinion Int w/ARV + 24 hour rush.</summary>
    public const string CodeA291 = "A291";

    /// <summary>A292: Broker Price Opinion Int w/ARV + 48 hour rush.</summary>
    public const string CodeA292 = "A292";

    /// <summary>A293: Broker Price Opinion Ext w/ARV + 24 hour rush.</summary>
    public const string CodeA293 = "A293";

    /// <summary>A294: Broker Price Opinion Ext w/ARV + 48 hour rush.</summary>
    public const string CodeA294 = "A294";

    /// <summary>AC01: AVM – GEO AVM.</summary>
    public const string CodeAC01 = "AC01";

    /// <summary>AE11: eVal.</summary>
    public const string CodeAE11 = "AE11";

    /// <summary>AEVM: eVal-AVM.</summary>
    public const string CodeAEVM = "AEVM";

    /// <summary>AS01: Commercial Appraisal Report.</summary>
    public const string CodeAS01 = "AS01";

    /// <summary>AS02: Commercial Evaluation (Form Report).</summary>
    public const string CodeAS02 = "AS02";

    /// <summary>AS03: Commercial Desk Technical Review.</summary>
    public const string CodeAS03 = "AS03";

    /// <summary>AS04: Commercial Narrative Restricted Appraisal Report.</summary>
    public const string CodeAS04 = "AS04";

    /// <summary>AS05: Commercial Form Restricted Appraisal Report.</summary>
    public const string CodeAS05 = "AS05";

    /// <summary>AS06: Commercial Concise Summary Appraisal Report.</summary>
    public const string CodeAS06 = "AS06";

    /// <summary>AS07: Commercial Field Technical Review.</summary>
    public const string CodeAS07 = "AS07";

    /// <summary>AS08: Commercial Review Form 4002.</summary>
    public const string CodeAS08 = "AS08";

    /// <summary>AS09: Commercial Construction Draw Inspection.</summary>
    public const string CodeAS09 = "AS09";

    /// <summary>AS10: Commercial General Market Data Report.</summary>
    public const string CodeAS10 = "AS10";

    /// <summary>AVMM: AVM – Collateral Analytics.</summary>
    public const string CodeAVMM = "AVMM";

    /// <summary>AX1: Valuation Compliance Review.</summary>
    public const string CodeAX1 = "AX1";

    /// <summary>CTRK: Compliance Track AVM Cascade.</summary>
    public const string CodeCTRK = "CTRK";

    /// <summary>LNOC: OptiVal AVM Cascade.</summary>
    public const string CodeLNOC = "LNOC";

    /// <summary>Gets every documented product code with its name.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["A001"] = "FNMA 1004 Single Family",
        ["A002"] = "FNMA 1025 2-4 Unit",
        ["A004"] = "FNMA 2006 Desk Review",
        ["A005"] = "FNMA 2000 Field Review",
        ["A007"] = "FNMA 1073 Condo",
        ["A010"] = "FNMA 2090 Co-op",
        ["A011"] = "FNMA 2095 Co-op Exterior",
        ["A012"] = "Land Appraisal",
        ["A013"] = "FNMA 1004-D",
        ["A014"] = "Draw Inspection",
        ["A018"] = "FNMA 2055 Exterior",
        ["A019"] = "FHA 1004 Single Family",
        ["A021"] = "FHA 1073 Condo",
        ["A022"] = "USDA",
        ["A023"] = "FNMA 1004C Mfg Housing",
        ["A027"] = "FHA 1025 2-4 Unit",
        ["A030"] = "FNMA 216 Operating Income Statement",
        ["A035"] = "FHA 1004C Mfg Housing",
        ["A036"] = "FNMA 1004 New Construction",
        ["A042"] = "FNMA 1007 Comparable Rent",
        ["A043"] = "FNMA 2000 Single Family",
        ["A055"] = "FNMA 1025 + FNMA 216",
        ["A060"] = "FNMA 1004C + FNMA 1007",
        ["A061"] = "FNMA 1004 + FNMA 1007",
        ["A062"] = "FNMA 1073 + FNMA 1007",
        ["A070"] = "FHA 1004 203K",
        ["A073"] = "FNMA 1075 Ext Condo",
        ["A076"] = "FNMA 1004 + FNMA 216 + FNMA 1007",
        ["A082"] = "FNMA 1073 + FNMA 216 + FNMA 1007",
        ["A085"] = "ValueNet 55 (Comp Photos)",
        ["A104"] = "ValueNet 55",
        ["A105"] = "ValueNet Basic",
        ["A106"] = "ValueNet Plus",
        ["A107"] = "ValueNet EX",
        ["A112"] = "Broker Price Opinion Ext",
        ["A113"] = "Broker Price Opinion Int",
        ["A114"] = "Broker Price Opinion Land",
        ["A115"] = "Property Condition Report",
        ["A119"] = "Interior Property Condition Report",
        ["A120"] = "Commercial FIRREA/USPAP Compliance Review",
        ["A124"] = "FHA Compliance Inspection",
        ["A143"] = "CA AVM",
        ["A157"] = "iValueNet Plus",
        ["A158"] = "iValueNet EX",
        ["A159"] = "iValueNet 55",
        ["A15R"] = "eValWorks (PCR + Review)",
        ["A160"] = "iValueNet 55 (Comp Photos)",
        ["A169"] = "CA Risk Profiler",
        ["A170"] = "ValueNet Plus (Comp Photos)",
        ["A176"] = "FieldSmart LTE – Exterior",
        ["A17A"] = "FieldSmart Full – Exterior",
        ["A183"] = "ValueNet 55 (Comp Photos + Cost Approach)",
        ["A196"] = "AIV/ARV FNMA 1004",
        ["A197"] = "AIV/ARV FNMA 1025",
        ["A198"] = "AIV/ARV FNMA 1073",
        ["A199"] = "AIV/ARV FNMA 2055 Exterior",
        ["A209"] = "FNMA Property Data Collection",
        ["A211"] = "iValueNet Plus (Comp Photos)",
        ["A220"] = "FieldSmart Full – Interior",
        ["A221"] = "FieldSmart LTE – Interior",
        ["A222"] = "FieldSmart SI – Interior",
        ["A223"] = "FieldSmart SI – Exterior",
        ["A230"] = "AIV/ARV FNMA 1004 + FNMA 1007",
        ["A231"] = "AIV/ARV FNMA 1025 + FNMA 216",
        ["A232"] = "AIV/ARV FNMA 1073 + FNMA 1007",
        ["A233"] = "AIV/ARV FNMA 2055 + FNMA 1007",
        ["A234"] = "CA Commercial Value",
        ["A237"] = "FMAC Property Data Report",
        ["A238"] = "Home Value Explorer",
        ["A254"] = "1004/70H Bifurcated Appraisal FNMA",
        ["A255"] = "FNMA 1004/70 Desktop",
        ["A256"] = "1004/70H Bifurcated Appraisal FMAC",
        ["A258"] = "1004/70H Bifurcated Appraisal",
        ["A260"] = "ValueNet 55 AIV+ARV",
        ["A261"] = "ValueNet 55 AIV+ARV (Comp Photos)",
        ["A262"] = "iValueNet 55 AIV+ARV",
        ["A263"] = "iValueNet 55 AIV+ARV (Comp Photos)",
        ["A264"] = "ValueNet 55 with Rent Addendum",
        ["A265"] = "iValueNet 55 with Rent Addendum",
        ["A266"] = "iValueNet 55 with Rent Addendum (Comp Photos)",
        ["A267"] = "ValueNet 55 with Rent Addendum (Comp Photos)",
        ["A268"] = "iValueNet 55 AIV/ARV with Rent Addendum",
        ["A269"] = "Broker Price Opinion Ext w/ARV",
        ["A270"] = "Broker Price Opinion Int w/ARV",
        ["A271"] = "ValueNet 55 Basic",
        ["A281"] = "Broker Price Opinion Int + 24 hour rush",
        ["A282"] = "Broker Price Opinion Int + 48 hour rush",
        ["A283"] = "Broker Price Opinion Ext + 24 hour rush",
        ["A284"] = "Broker Price Opinion Ext + 48 hour rush",
        ["A285"] = "Evaluation Interior",
        ["A286"] = "Evaluation Interior + 24 hour rush",
        ["A287"] = "Evaluation Interior + 48 hour rush",
        ["A289"] = "Evaluation Exterior + 24 hour rush",
        ["A290"] = "Evaluation Exterior + 48 hour rush",
        ["A291"] = "Broker Price Opinion Int w/ARV + 24 hour rush",
        ["A292"] = "Broker Price Opinion Int w/ARV + 48 hour rush",
        ["A293"] = "Broker Price Opinion Ext w/ARV + 24 hour rush",
        ["A294"] = "Broker Price Opinion Ext w/ARV + 48 hour rush",
        ["AC01"] = "AVM – GEO AVM",
        ["AE11"] = "eVal",
        ["AEVM"] = "eVal-AVM",
        ["AS01"] = "Commercial Appraisal Report",
        ["AS02"] = "Commercial Evaluation (Form Report)",
        ["AS03"] = "Commercial Desk Technical Review",
        ["AS04"] = "Commercial Narrative Restricted Appraisal Report",
        ["AS05"] = "Commercial Form Restricted Appraisal Report",
        ["AS06"] = "Commercial Concise Summary Appraisal Report",
        ["AS07"] = "Commercial Field Technical Review",
        ["AS08"] = "Commercial Review Form 4002",
        ["AS09"] = "Commercial Construction Draw Inspection",
        ["AS10"] = "Commercial General Market Data Report",
        ["AVMM"] = "AVM – Collateral Analytics",
        ["AX1"] = "Valuation Compliance Review",
        ["CTRK"] = "Compliance Track AVM Cascade",
        ["LNOC"] = "OptiVal AVM Cascade",
    };

    /// <summary>Gets whether <paramref name="code"/> is a documented code, apart from case (see <see cref="Find"/>).</summary>
    /// <param name="code">The code.</param>
    /// <returns>True when documented.</returns>
    public static bool IsDefined(string? code) => Find(code) is not null;

    /// <summary>Returns the documented spelling of <paramref name="code"/> (<c>"a001"</c> is <c>"A001"</c>), or null when unlisted.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The code as the appendix spells it, or null.</returns>
    public static string? Find(string? code) => AppendixSpelling.Find(code, Spellings);

    /// <summary>Gets whether the product is an FHA product (its name starts with FHA), which requires <c>fhaCaseNumber</c>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>True for an FHA product.</returns>
    public static bool IsFha(string? code) => code is not null && All.TryGetValue(code, out var name) && name.StartsWith("FHA", StringComparison.Ordinal);

    // After All: static initializers run in text order.
    private static readonly AppendixSpelling.Index Spellings = AppendixSpelling.Create(All.Keys);
}
