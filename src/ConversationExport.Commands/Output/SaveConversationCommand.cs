using ConversationExport.Engine;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Output;

namespace ConversationExport.Commands.Output;

/// <summary>Downloads single conversations: their media and chosen sidecars, named like exports, into a folder.</summary>
/// <remarks>Without -NoClobber or -Force, a file of the same name is kept and the new one saved beside it under a name with a counter.</remarks>
[Cmdlet(VerbsData.Save, "Conversation", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet, HelpUri = HelpLinks.Online + "Save-Conversation.md")]
[OutputType(typeof(FileInfo))]
public sealed class SaveConversationCommand : OutputFileCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public Conversation[] InputObject { get; set; } = [];

    /// <summary>Catalog keys of the conversations.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    public long[] Id { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Sidecars to save beside the media; default: the original XML.</summary>
    [Parameter]
    public MetadataFormat[] MetadataFormat { get; set; } = [ConversationExport.MetadataFormat.Xml];

    /// <summary>Only the media, no sidecars.</summary>
    [Parameter]
    public SwitchParameter MediaOnly { get; set; }

    [Parameter]
    public string? RenamePattern { get; set; }

    [Parameter, ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string TimeZone { get; set; } = "UTC";

    private ConversationStore? _store;

    protected override void ProcessRecord()
    {
        var destination = ResolvePath(Destination);
        var catalog = OpenCatalog();
        // Permission DownloadConversation, and only conversations the caller may see: piped objects are looked up
        // again in the catalog by ConversationId, so what is saved is what the catalog lets this user have.
        var store = _store ??= Engine(() => new ConversationStore(catalog, Caller, ExportPermission.DownloadConversation, "SaveConversation"));
        List<Conversation> conversations;
        if (ParameterSetName == IdSet)
        {
            conversations = Engine(() => store.Enumerate(new ConversationSelection(Ids: Id)).ToList());
            foreach (var missing in Id.Except(conversations.Select(c => c.Id)))
                WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.ConversationNotFound, ErrorKind.NotFound, $"No conversation with Id {missing} in the catalog (or not one accessible to {Caller.Name}).", missing)));
        }
        else
        {
            // Records read from a recording folder (Get-Conversation -Path, Id 0) are not in the catalog; the caller reads their files with their own OS rights.
            var fromCatalog = Engine(() => store.Accessible(InputObject.Where(c => c.Id > 0).ToList())).ToDictionary(c => c.ConversationId, StringComparer.Ordinal);
            conversations = [];
            foreach (var given in InputObject)
            {
                if (given.Id <= 0) conversations.Add(given);
                else if (fromCatalog.TryGetValue(given.ConversationId, out var stored)) conversations.Add(stored);
                else WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.ConversationNotFound, ErrorKind.NotFound, $"No conversation '{given.ConversationId}' in the catalog (or not one accessible to {Caller.Name}).", given.ConversationId)));
            }
        }
        var settings = new ExportSettings
        {
            Scope = MediaOnly ? ExportScope.Media : ExportScope.MediaAndMetadata,
            MetadataFormat = MetadataFormat,
            RenamePattern = RenamePattern,
            TimeZone = TimeZone,
        };
        foreach (var conversation in conversations)
        {
            if (!ShouldProcess(conversation.ConversationId, $"Save to '{destination}'")) continue;
            try
            {
                var saved = new AuditLog(catalog, Caller).Audited("SaveConversation", conversation.ConversationId, destination,
                    () => ConversationSaver.Save(conversation, destination, settings, OnExistingFile(ExistingFile.KeepBoth)).ToList());
                foreach (var path in saved) WriteObject(new FileInfo(path));
            }
            catch (ConversationExportException error) when (error.Id is not ErrorId.TimeZoneNotFound and not ErrorId.RenamePatternInvalid)
            {
                WriteError(ErrorFactory.From(error));
            }
            catch (ConversationExportException error)
            {
                ThrowTerminatingError(ErrorFactory.From(error));
            }
        }
    }
}
