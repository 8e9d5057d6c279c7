using System.Diagnostics.CodeAnalysis;

// The System.Text.Json source generator writes the public JsonSerializerContext's members without nullable
// annotations; RS0041 (oblivious types in a public API) asks for a change only the generator can make. Their
// PublicAPI lines carry the ~ prefix that records exactly that.
[assembly: SuppressMessage("ApiDesign", "RS0041:Public members should not use oblivious types",
    Scope = "type", Target = "~T:Arrowbase.AppraisalWorks.Json.AppraisalWorksJsonContext",
    Justification = "Members written by the System.Text.Json source generator.")]
