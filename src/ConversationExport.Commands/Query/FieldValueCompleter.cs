using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ConversationExport.Commands.Query;

/// <summary>Completes the accepted names of the enum fields (-Direction Inb<Tab>).</summary>
public sealed class FieldValueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var names = parameterName switch
        {
            "Direction" => Enum.GetNames<Direction>(),
            "EndCause" => Enum.GetNames<EndCause>(),
            "ConversationType" => Enum.GetNames<ConversationType>(),
            "ForwardReason" => Enum.GetNames<ForwardReason>(),
            "SourcePlatform" => Enum.GetNames<SourcePlatform>(),
            "Dataset" => Enum.GetNames<Dataset>(),
            _ => [],
        };
        var prefix = wordToComplete.Trim('\'', '"');
        return names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
