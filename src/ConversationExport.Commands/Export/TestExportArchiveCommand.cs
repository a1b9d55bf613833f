using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Archive;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Export;

/// <summary>Re-verifies an export (ZIP or folder) against its manifest: chain of custody.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ExportArchive", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Online + "Test-ExportArchive.md")]
[OutputType(typeof(ArchiveVerification))]
public sealed class TestExportArchiveCommand : CatalogCmdlet
{
    private const string PathSet = "Path";
    private const string RunSet = "RunId";

    private readonly CancellationTokenSource _cancellation = new();
    // The parts of a split run are verified together once, however many of them are named.
    private readonly HashSet<string> _verified = new(StringComparer.Ordinal);

    /// <summary>An export's ZIP (any part of a split run) or its run folder.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "Outputs")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>The ZIP password of a ZipCrypto or Aes256 export.</summary>
    [Parameter(ParameterSetName = PathSet)]
    public SecureString? Password { get; set; }

    /// <summary>A run in the catalog: what it delivered is verified with the password it used.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RunSet)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long RunId { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == RunSet)
        {
            var runner = new ExportRunner(OpenCatalog(), Caller);
            foreach (var result in Engine(() => runner.VerifyRun(RunId, _cancellation.Token))) Report(result, result.Path);
            return;
        }
        foreach (var full in Path.SelectMany(Expand))
        {
            if (_verified.Contains(full)) continue;
            var result = CatalogSession.Engine(this, () => ArchiveVerifier.Verify(full, SecureStrings.Reveal(Password), _cancellation.Token));
            _verified.UnionWith(result.Containers);
            Report(result, full);
        }
    }

    /// <summary>
    /// A wildcard names the archives it matches (a run's name ends in a timestamp nobody types); one that
    /// matches nothing is checked as written, so the verifier's not-found error names it.
    /// </summary>
    private IEnumerable<string> Expand(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path)) return [GetUnresolvedProviderPathFromPSPath(path)];
        try
        {
            var matches = GetResolvedProviderPathFromPSPath(path, out _);
            return matches.Count > 0 ? matches.Order(StringComparer.Ordinal) : [GetUnresolvedProviderPathFromPSPath(path)];
        }
        catch (ItemNotFoundException) { return [GetUnresolvedProviderPathFromPSPath(path)]; }
    }

    private void Report(ArchiveVerification result, string path)
    {
        WriteObject(result);
        if (!result.Passed)
            WriteWarning($"'{path}' does not match its manifest: {string.Join("; ", result.Problems.Take(5))}{(result.Problems.Length > 5 ? $" … and {result.Problems.Length - 5} more" : "")}");
    }

    protected override void StopProcessing() => _cancellation.Cancel();
}
