using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConversationExport.Engine.Output;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>Completes CSV/CDR column names (-MetadataColumns, -CdrColumns, -Column).</summary>
public sealed class ColumnCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        return ConversationColumns.All.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, c));
    }
}
