using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Query;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Export;

/// <summary>Creates an export task with every configuration item of seed §4.1; an enabled task starts running at once in the background.</summary>
[Cmdlet(VerbsCommon.New, "ExportTask", SupportsShouldProcess = true, HelpUri = HelpLinks.Online + "New-ExportTask.md")]
[OutputType(typeof(ExportTask))]
public sealed class NewExportTaskCommand : TaskSettingsCmdlet
{
    private readonly List<string> _conversationIds = [];
    private StorageTarget? _pipedTarget;
    private ConversationQuery? _pipedQuery;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Run automatically: saving an enabled task starts a run at once, and schedules fire only for enabled tasks.</summary>
    [Parameter]
    public SwitchParameter Enabled { get; set; }

    /// <summary>From the pipeline: a storage target (Get-StorageTarget), a query (New-ConversationQuery), or conversations (Get-Conversation) to export exactly those.</summary>
    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        switch (InputObject is PSObject ps ? ps.BaseObject : InputObject)
        {
            case null: break;
            case StorageTarget target: _pipedTarget = target; break;
            case ConversationQuery query: _pipedQuery = query; break;
            case Conversation conversation: _conversationIds.Add(conversation.ConversationId); break;
            case var other:
                ThrowTerminatingError(ErrorFactory.InvalidArgument(ErrorId.ExportSettingInvalid,
                    $"New-ExportTask takes a storage target, a query or conversations from the pipeline, not {other.GetType().Name}.", other));
                break;
        }
    }

    protected override void EndProcessing()
    {
        var settings = Engine(() => SettingsBinder.Apply(new ExportSettings(), MyInvocation.BoundParameters));
        if (_pipedTarget is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(StorageTarget))) settings = settings with { StorageTarget = _pipedTarget.Name };
        if (_pipedQuery is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(Query))) settings = settings with { Query = _pipedQuery };
        if (_conversationIds.Count > 0)
            settings = settings with { Query = Engine(() => QueryBuilder.Query(settings.Query.Criteria.Append(QueryBuilder.Criterion("ConversationId", "In", _conversationIds.Cast<object?>().ToList())))) };
        var tasks = new TaskCatalog(OpenCatalog(), Caller);
        Engine(() => { ExportValidator.Validate(settings, tasks); return 0; });
        WarnIfWeak(this, settings);
        WarnIfNoSmtp(settings);
        if (!ShouldProcess(Name, "Create export task")) return;
        var task = Engine(() => tasks.AddTask(Name, Enabled, settings));
        if (task.Enabled) BackgroundRun.Start(this, task.Name);
        WriteObject(task);
    }
}
