using MutationScope;

// Usage (tests/mutation.sh drives it):
//   MutationScope config <test-project-dir> <common-config> <output-dir> [--only <glob>]...
//       writes the derived Stryker configurations; prints "<name>\t<config path>\t<exclusion counts>" per run
//   MutationScope report <mutation-report.json>
//       prints the score per file as a Markdown table
//   MutationScope exclusions <file.cs>...
//       lists every span left out of mutation, with its kind and text, for review
if (args.Length >= 4 && args[0] == "config")
{
    var only = new List<string>();
    for (int i = 4; i < args.Length; i++)
    {
        if (args[i] == "--only" && i + 1 < args.Length)
        {
            only.Add(args[++i]);
        }
        else
        {
            Console.Error.WriteLine($"MutationScope: unknown argument '{args[i]}'");
            return 2;
        }
    }

    foreach (var run in StrykerConfig.Derive(args[1], args[2], args[3], only))
    {
        string counts = string.Join(", ", run.Exclusions.Select(e => $"{e.Value} {e.Key}"));
        Console.WriteLine($"{run.Name}\t{run.ConfigPath}\t{counts}");
    }

    return 0;
}

if (args.Length == 2 && args[0] == "report")
{
    Console.Write(Report.ToMarkdown(Report.Read(args[1])));
    return 0;
}

if (args.Length >= 2 && args[0] == "exclusions")
{
    foreach (string file in args.Skip(1))
    {
        foreach (var exclusion in Exclusions.Find(File.ReadAllText(file)))
        {
            Console.WriteLine($"{file}{{{exclusion.Span.Start}..{exclusion.Span.End}}} {exclusion.Kind}: {exclusion.Text.ReplaceLineEndings(" ")}");
        }
    }

    return 0;
}

Console.Error.WriteLine("usage: MutationScope config <test-project-dir> <common-config> <output-dir> [--only <glob>]... | report <mutation-report.json> | exclusions <file.cs>...");
return 2;
