using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Export;

/// <summary>Disables export tasks: an automatic run in progress finishes its current batch, then stops (Cancelled, resumable).</summary>
[Cmdlet(VerbsLifecycle.Disable, "ExportTask", SupportsShouldProcess = true, DefaultParameterSetName = "Name", HelpUri = HelpLinks.Online + "Disable-ExportTask.md")]
[OutputType(typeof(ExportTask))]
public sealed class DisableExportTaskCommand : TaskStateCmdlet
{
    protected override bool Enable => false;
}
