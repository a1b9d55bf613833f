using System.Diagnostics;
using System.Globalization;
using ConversationExport.Bench;
using ConversationExport.Engine.Catalog;

// Usage: query <catalog path> <conversations> [runs]
// Prints a Markdown table; Invoke-Bench.ps1 collects it into bench/results/<date>.md.
var mode = args.ElementAtOrDefault(0) ?? "query";
var path = Path.GetFullPath(args.ElementAtOrDefault(1) ?? "bench/work/query.db");
var count = int.Parse(args.ElementAtOrDefault(2) ?? "1000000", CultureInfo.InvariantCulture);
var runs = int.Parse(args.ElementAtOrDefault(3) ?? "3", CultureInfo.InvariantCulture);
if (mode != "query")
{
    Console.Error.WriteLine($"Unknown bench '{mode}'; accepted: query.");
    return 2;
}

Directory.CreateDirectory(Path.GetDirectoryName(path)!);
ConversationCatalog catalog;
if (File.Exists(path) && ConversationCatalog.Open(ConversationCatalog.ForSqliteFile(path)).Info.Conversations == count)
{
    catalog = ConversationCatalog.Open(ConversationCatalog.ForSqliteFile(path));
}
else
{
    var build = Stopwatch.StartNew();
    catalog = SyntheticCatalog.Create(path, count, seed: 42);
    Console.WriteLine($"Generated {count:N0} conversations in {build.Elapsed.TotalSeconds:F1} s ({count / build.Elapsed.TotalSeconds:N0}/s through the store).");
}

Console.WriteLine();
Console.WriteLine($"| query ({count:N0} conversations) | rows | ours median s | direct SQL median s | ratio ours/direct |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var benchCase in QueryBench.Cases)
{
    QueryBench.Run(catalog, benchCase); // warm the page cache and JIT so both sides read from memory
    var results = Enumerable.Range(0, runs).Select(_ => QueryBench.Run(catalog, benchCase)).ToList();
    var ours = Median(results.Select(r => r.Ours));
    var direct = Median(results.Select(r => r.Direct));
    Console.WriteLine($"| {benchCase.Name} | {results[0].Rows:N0} | {ours:F3} | {direct:F3} | {ours / direct:F2}x |");
}
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}
