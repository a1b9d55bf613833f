using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConversationExport.Engine;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>Completes user names (-User, -Member, -AllowUser, -Name of *-ExportUser) and group names (-Group, -AllowGroup, -Name of *-ExportGroup) from the catalog.</summary>
public sealed class PrincipalNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var groups = parameterName is "Group" or "AllowGroup" || (parameterName == "Name" && commandName.EndsWith("ExportGroup", StringComparison.OrdinalIgnoreCase));
        IEnumerable<string> names;
        try
        {
            var access = new AccessCatalog(CatalogSession.Open(fakeBoundParameters["Catalog"] as CatalogInfo), CallerIdentity.Current());
            names = groups ? access.Groups().Select(g => g.Name) : access.Users().Select(u => u.Name);
        }
        catch (ConversationExportException)
        {
            yield break; // no catalog yet: nothing to offer, and completion must never throw
        }
        var prefix = wordToComplete.Trim('\'', '"');
        foreach (var name in names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            yield return new CompletionResult(name.IndexOfAny([' ', '\\']) >= 0 ? $"'{name}'" : name, name, CompletionResultType.ParameterValue, name);
    }
}
