using ConversationExport.Engine;
using System.Collections;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Query;

namespace ConversationExport.Commands.Query;

/// <summary>Builds a query from Conversation Detail Field criteria, or reads one back from its JSON.</summary>
[Cmdlet(VerbsCommon.New, "ConversationQuery", DefaultParameterSetName = CriteriaSet, HelpUri = HelpLinks.Online + "New-ConversationQuery.md")]
[OutputType(typeof(ConversationQuery))]
public sealed class NewConversationQueryCommand : CriteriaCmdlet
{
    private const string CriteriaSet = "Criteria";
    private const string InputObjectSet = "InputObject";

    /// <summary>A query object, its JSON text (ConvertTo-Json), or the object ConvertFrom-Json makes of that text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public object InputObject { get; set; } = null!;

    protected override void ProcessRecord()
    {
        // Criteria given beside -InputObject narrow the query read from it.
        var query = CatalogSession.Engine(this, () => ParameterSetName == InputObjectSet
            ? QueryBuilder.Query(Read(InputObject).Criteria.Concat(CriteriaFromParameters()))
            : QueryBuilder.Query(CriteriaFromParameters()));
        WriteObject(query);
    }

    /// <summary>A query object, its JSON text, or what ConvertFrom-Json makes of it; export templates read their Query through it too.</summary>
    internal static ConversationQuery Read(object input)
    {
        var value = input is PSObject ps ? ps.BaseObject : input;
        return value switch
        {
            ConversationQuery query => QueryBuilder.Query(query.Criteria),
            string json => QueryBuilder.FromJson(json),
            _ => QueryBuilder.Query(CriteriaOf(input).Select(ReadCriterion)),
        };
    }

    private static IEnumerable<object?> CriteriaOf(object input)
    {
        // A hashtable given as a parameter arrives unwrapped, one piped arrives in a PSObject; neither shows its keys as
        // properties. Keys match ignoring case, as in ReadCriterion and the JSON reader (ConvertFrom-Json -AsHashtable is case-sensitive).
        var value = input is PSObject ps ? ps.BaseObject : input;
        var criteria = value is IDictionary dictionary
            ? dictionary.Cast<DictionaryEntry>().FirstOrDefault(e => string.Equals(e.Key?.ToString(), "Criteria", StringComparison.OrdinalIgnoreCase)) is { Key: not null } entry
                ? entry.Value
                : throw NoCriteria(input)
            : (PSObject.AsPSObject(input).Properties["Criteria"] ?? throw NoCriteria(input)).Value;
        return (criteria is PSObject p ? p.BaseObject : criteria) switch
        {
            null => throw QueryBuilder.NullCriteria(),
            IEnumerable list and not string => list.Cast<object?>(),
            _ => [criteria],
        };
    }

    private static ConversationExportException NoCriteria(object input) => new(ErrorId.QueryInputNotValid, ErrorKind.InvalidArgument,
        "The query input cannot be read: it has no Criteria property. Give a query object, the JSON of one (ConvertTo-Json), or the object ConvertFrom-Json makes of it.", input);
}
