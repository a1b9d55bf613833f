using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Catalog;

/// <summary>Lists conversations from the catalog, streamed page by page.</summary>
[Cmdlet(VerbsCommon.Get, "Conversation")]
[OutputType(typeof(Conversation))]
public sealed class GetConversationCommand : CatalogCmdlet
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Catalog keys.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long[]? Id { get; set; }

    /// <summary>Recorder GUIDs.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? ConversationId { get; set; }

    /// <summary>At most this many conversations.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long First { get; set; }

    protected override void ProcessRecord()
    {
        var catalog = Engine(OpenCatalog);
        var filter = new ConversationFilter(Id, ConversationId, MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : null);
        var conversations = new ConversationStore(catalog).Enumerate(filter, _cancellation.Token);
        Engine(() =>
        {
            foreach (var conversation in conversations) WriteObject(conversation);
            return 0;
        });
    }

    protected override void StopProcessing() => _cancellation.Cancel();
}
