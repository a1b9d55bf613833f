using ConversationExport.Engine;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Security;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>
/// Completes task, storage target and export template names from the session's catalog (-Task, -StorageTarget,
/// -Template, -Name);
/// Get-, Set- and Unregister-ExportSchedule offer only the tasks that have a schedule.
/// </summary>
public sealed class CatalogNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (commandName is "Get-ExportSchedule" or "Set-ExportSchedule" or "Unregister-ExportSchedule")
        {
            foreach (var result in new CatalogValueCompleter().CompleteArgument(commandName, "Task", wordToComplete, commandAst, fakeBoundParameters))
                yield return result;
            yield break;
        }
        IEnumerable<string> names;
        try
        {
            var catalog = CatalogSession.Open(fakeBoundParameters["Catalog"] as CatalogInfo);
            var tasks = new TaskCatalog(catalog, CallerIdentity.Current());
            names = parameterName == "StorageTarget" || commandName.EndsWith("StorageTarget", StringComparison.OrdinalIgnoreCase)
                ? tasks.Targets().Select(t => t.Name)
                : parameterName == "Template" || (commandName.EndsWith("ExportTemplate", StringComparison.OrdinalIgnoreCase) && parameterName != "FromTask")
                    ? new TemplateCatalog(catalog, CallerIdentity.Current()).Templates().Select(t => t.Template.Name)
                    : tasks.VisibleTasks().Select(t => t.Task.Name);
        }
        catch (ConversationExportException)
        {
            yield break; // no catalog yet: nothing to offer, and completion must never throw
        }
        var prefix = wordToComplete.Trim('\'', '"');
        foreach (var name in names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            yield return new CompletionResult(name.Contains(' ') ? $"'{name}'" : name, name, CompletionResultType.ParameterValue, name);
    }
}
