using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Export.Download;

namespace ConversationExport.Commands.Export;

/// <summary>
/// Delivers a finished Download-type run from the export server's download area to a folder (design §10):
/// its archives as the run made them, or — for a run that kept loose files — a ZIP made now with the
/// method and password chosen here. Verified against the run's manifest before anything appears.
/// </summary>
[Cmdlet(VerbsData.Save, "ExportArchive", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "Save-ExportArchive.md")]
[OutputType(typeof(SavedExportArchive))]
public sealed class SaveExportArchiveCommand : CatalogCmdlet
{
    private readonly CancellationTokenSource _cancellation = new();
    private DownloadSettings? _settings;

    /// <summary>The run to download; runs from Get-ExportStatus or Invoke-ConversationExport bind by property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long RunId { get; set; }

    /// <summary>The folder the files are delivered into; created (with its parents) when missing.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>For a run made with ArchiveMethod None: how to archive it now (default Zip; None copies the loose files).</summary>
    [Parameter]
    public ArchiveMethod? ArchiveMethod { get; set; }

    /// <summary>For ZipCrypto or Aes256 chosen now.</summary>
    [Parameter]
    public SecureString? ZipPassword { get; set; }

    /// <summary>Replace files of the same names in the destination.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() =>
        _settings = Engine(() => new RunDownloader(OpenCatalog(), Caller).SweepExpired());

    protected override void ProcessRecord()
    {
        var destination = ResolvePath(Destination);
        if (!ShouldProcess($"run {RunId}", $"Download to '{destination}'")) return;
        var request = new DownloadRequest(RunId, destination, ArchiveMethod, SecureStrings.Reveal(ZipPassword), Force, Environment.ProcessorCount);
        try
        {
            var saved = new RunDownloader(OpenCatalog(), Caller).SaveAsync(request, _settings!, _cancellation.Token).GetAwaiter().GetResult();
            foreach (var file in saved)
            {
                WriteVerbose($"Delivered '{file.Path}' ({file.Size:N0} bytes, {file.ArchiveMethod}{(file.Verified ? $", {file.FilesVerified} file(s) verified against the manifest" : "")}).");
                if (PassThru) WriteObject(file);
            }
            if (saved.Count > 0 && !saved[0].Verified)
                WriteWarning($"Run {RunId} was made with -NoManifest: the copy was checked against the download area, but there is no manifest to verify it against.");
        }
        // Errors that hold for every run piped in end the command; one run's problem does not stop the others.
        catch (ConversationExportException error) when (error.Id is ErrorId.DirectDownloadDisabled or ErrorId.DestinationNotWritable or ErrorId.InvalidArgument or ErrorId.SecretUnreadable)
        {
            ThrowTerminatingError(ErrorFactory.From(error));
        }
        catch (ConversationExportException error)
        {
            WriteError(ErrorFactory.From(error));
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();
}
