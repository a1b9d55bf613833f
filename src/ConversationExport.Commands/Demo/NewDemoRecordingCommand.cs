using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Demo;

namespace ConversationExport.Commands.Demo;

/// <summary>Writes a realistic, deterministic recording folder (media, sidecars, transcripts) to try the module without a recorder.</summary>
[Cmdlet(VerbsCommon.New, "DemoRecording", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "New-DemoRecording.md")]
[OutputType(typeof(DemoRecordingSummary))]
public sealed class NewDemoRecordingCommand : PSCmdlet
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The folder to write into; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int Count { get; set; } = 200;

    /// <summary>The same seed and count always write the same bytes.</summary>
    [Parameter]
    public int Seed { get; set; } = 1;

    /// <summary>Longest audio call in seconds; larger values make a larger corpus.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int MaxSeconds { get; set; } = DemoCorpus.DefaultMaxSeconds;

    protected override void ProcessRecord()
    {
        var folder = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(folder, $"Write {Count} demo conversations")) return;
        WriteObject(CatalogSession.Engine(this, () => DemoCorpus.Write(folder, Count, Seed, MaxSeconds, _cancellation.Token)));
    }

    protected override void StopProcessing() => _cancellation.Cancel();
}
