using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Export;

/// <summary>Enables export tasks: each starts a run at once in the background, and its schedules fire again.</summary>
[Cmdlet(VerbsLifecycle.Enable, "ExportTask", SupportsShouldProcess = true, DefaultParameterSetName = "Name", HelpUri = HelpLinks.Online + "Enable-ExportTask.md")]
[OutputType(typeof(ExportTask))]
public sealed class EnableExportTaskCommand : TaskStateCmdlet
{
    protected override bool Enable => true;
}
