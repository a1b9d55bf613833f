using System.Collections;
using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Query;

namespace ConversationExport.Commands.Query;

/// <summary>
/// The Conversation Detail Fields as parameters (design §3), shared by New-ConversationQuery and
/// Get-Conversation so both take the same names. Text values are any-of with * and ? wildcards.
/// </summary>
public abstract class CriteriaCmdlet : PSCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)] public string[]? ConversationId { get; set; }
    [Parameter] public string[]? NativeId { get; set; }
    [Parameter] public string[]? From { get; set; }
    [Parameter] public string[]? FromInfo { get; set; }
    [Parameter] public string[]? FromDeviceId { get; set; }
    [Parameter] public string[]? FromIp { get; set; }
    [Parameter] public string[]? To { get; set; }
    [Parameter] public string[]? ToInfo { get; set; }
    [Parameter] public string[]? ToDeviceId { get; set; }
    [Parameter] public string[]? ToIp { get; set; }
    [Parameter] public string[]? BothToOrFrom { get; set; }
    [Parameter] public string[]? BothToOrFromInfo { get; set; }
    [Parameter] public string[]? DialedNumber { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? User { get; set; }
    [Parameter] public string[]? UserLocation { get; set; }
    [Parameter] public string[]? Extension { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? Group { get; set; }
    [Parameter] public string[]? UserId { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? RecordingServer { get; set; }
    [Parameter] public string[]? MediaFileName { get; set; }
    [Parameter] public string[]? StorageTarget { get; set; }
    [Parameter] public string[]? EncryptedWithCertificate { get; set; }
    [Parameter] public string[]? SignedWithCertificate { get; set; }

    [Parameter, ArgumentCompleter(typeof(FieldValueCompleter))] public string[]? Direction { get; set; }
    [Parameter, ArgumentCompleter(typeof(FieldValueCompleter))] public string[]? EndCause { get; set; }
    [Parameter, ArgumentCompleter(typeof(FieldValueCompleter))] public string[]? ConversationType { get; set; }
    [Parameter, ArgumentCompleter(typeof(FieldValueCompleter))] public string[]? ForwardReason { get; set; }
    [Parameter, ArgumentCompleter(typeof(FieldValueCompleter))] public string[]? SourcePlatform { get; set; }
    [Parameter, ArgumentCompleter(typeof(FieldValueCompleter))] public string[]? Dataset { get; set; }

    /// <summary>Start time at or after (UTC unless the value says otherwise).</summary>
    [Parameter] public DateTime? StartTimeFrom { get; set; }
    /// <summary>Start time before (exclusive).</summary>
    [Parameter] public DateTime? StartTimeTo { get; set; }
    /// <summary>
    /// Started within this long before now. Durations here and below are strings so that PowerShell
    /// keeps '7d' as written (as a number literal it would be the decimal 7): '7d', '12h', '30m', '90s',
    /// 'PT4.2S', '00:05:00', a TimeSpan (converts to '7.00:00:00') or a number of seconds.
    /// </summary>
    [Parameter] public string? RecentThan { get; set; }
    /// <summary>Started more than this long before now.</summary>
    [Parameter] public string? OlderThan { get; set; }

    /// <summary>Digits in the From number: a count (10) or a range ('7..10').</summary>
    [Parameter] public string? FromDigits { get; set; }
    [Parameter] public string? ToDigits { get; set; }
    [Parameter] public string? MinDuration { get; set; }
    [Parameter] public string? MaxDuration { get; set; }
    [Parameter] public double? MinSilenceRatio { get; set; }
    [Parameter] public double? MaxSilenceRatio { get; set; }
    [Parameter] public double? MinTalkoverRatio { get; set; }
    [Parameter] public double? MaxTalkoverRatio { get; set; }
    [Parameter] public string? MinLongestSilence { get; set; }
    [Parameter] public string? MaxLongestSilence { get; set; }

    [Parameter] public bool? Protected { get; set; }
    [Parameter] public bool? Encrypted { get; set; }
    [Parameter] public bool? Signed { get; set; }
    [Parameter] public bool? HasQmScorecard { get; set; }
    [Parameter] public bool? CdrOnly { get; set; }
    [Parameter] public bool? Imported { get; set; }

    /// <summary>Has any of these labels.</summary>
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? Label { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? AllLabels { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? ExcludeLabel { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? Case { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? AllCases { get; set; }
    [Parameter, ArgumentCompleter(typeof(CatalogValueCompleter))] public string[]? ExcludeCase { get; set; }

    /// <summary>Any criterion, negations included: objects or hashtables with Field, Operator and Value.</summary>
    [Parameter] public object[]? Criterion { get; set; }

    /// <summary>The criteria the bound parameters describe, in parameter order; engine errors propagate.</summary>
    protected List<QueryCriterion> CriteriaFromParameters()
    {
        var criteria = new List<QueryCriterion>();
        void Add(string field, QueryOperator op, params object?[] values) => criteria.Add(QueryBuilder.Criterion(QueryBuilder.Field(field), op, values));
        void AnyOf(string field, string[]? values, QueryOperator op = QueryOperator.Like) { if (values is { Length: > 0 }) Add(field, op, values); }

        AnyOf("ConversationId", ConversationId);
        AnyOf("NativeId", NativeId);
        AnyOf("From", From);
        AnyOf("FromInfo", FromInfo);
        AnyOf("FromDeviceId", FromDeviceId);
        AnyOf("FromIp", FromIp);
        AnyOf("To", To);
        AnyOf("ToInfo", ToInfo);
        AnyOf("ToDeviceId", ToDeviceId);
        AnyOf("ToIp", ToIp);
        AnyOf("BothToOrFrom", BothToOrFrom);
        AnyOf("BothToOrFromInfo", BothToOrFromInfo);
        AnyOf("DialedNumber", DialedNumber);
        AnyOf("User", User);
        AnyOf("UserLocation", UserLocation);
        AnyOf("Extension", Extension);
        AnyOf("Group", Group, QueryOperator.HasAny);
        AnyOf("UserId", UserId);
        AnyOf("RecordingServer", RecordingServer);
        AnyOf("MediaFileName", MediaFileName);
        AnyOf("StorageTarget", StorageTarget);
        AnyOf("EncryptedWithCertificate", EncryptedWithCertificate);
        AnyOf("SignedWithCertificate", SignedWithCertificate);

        AnyOf("Direction", Direction, QueryOperator.In);
        AnyOf("EndCause", EndCause, QueryOperator.In);
        AnyOf("ConversationType", ConversationType, QueryOperator.In);
        AnyOf("ForwardReason", ForwardReason, QueryOperator.In);
        AnyOf("SourcePlatform", SourcePlatform, QueryOperator.In);
        AnyOf("Dataset", Dataset, QueryOperator.In);

        if (StartTimeFrom is { } from && StartTimeTo is { } to) Add("StartTime", QueryOperator.Between, from, to);
        else if (StartTimeFrom is { } onlyFrom) Add("StartTime", QueryOperator.GreaterOrEqual, onlyFrom);
        else if (StartTimeTo is { } onlyTo) Add("StartTime", QueryOperator.LessThan, onlyTo);
        if (RecentThan is not null) Add("StartTime", QueryOperator.RecentThan, RecentThan);
        if (OlderThan is not null) Add("StartTime", QueryOperator.OlderThan, OlderThan);

        AddDigits("FromDigits", FromDigits, Add);
        AddDigits("ToDigits", ToDigits, Add);
        AddRange("Duration", MinDuration, MaxDuration, Add);
        AddRange("SilenceRatio", MinSilenceRatio, MaxSilenceRatio, Add);
        AddRange("TalkoverRatio", MinTalkoverRatio, MaxTalkoverRatio, Add);
        AddRange("LongestSilence", MinLongestSilence, MaxLongestSilence, Add);

        foreach (var (field, value) in new[] { ("Protected", Protected), ("Encrypted", Encrypted), ("Signed", Signed), ("HasQmScorecard", HasQmScorecard), ("CdrOnly", CdrOnly), ("Imported", Imported) })
            if (value is { } wanted) Add(field, QueryOperator.Equals, wanted);

        AnyOf("Label", Label, QueryOperator.HasAny);
        AnyOf("Label", AllLabels, QueryOperator.HasAll);
        AnyOf("Label", ExcludeLabel, QueryOperator.HasNone);
        AnyOf("Case", Case, QueryOperator.HasAny);
        AnyOf("Case", AllCases, QueryOperator.HasAll);
        AnyOf("Case", ExcludeCase, QueryOperator.HasNone);

        foreach (var item in Criterion ?? []) criteria.Add(ReadCriterion(item));
        return criteria;
    }

    /// <summary>A criterion from a QueryCriterion, a hashtable or any object with Field, Operator and Value (or Values).</summary>
    internal static QueryCriterion ReadCriterion(object? item)
    {
        var value = item is PSObject ps ? ps.BaseObject : item;
        if (value is QueryCriterion criterion) return QueryBuilder.Criterion(criterion.Field, criterion.Operator, criterion.GetValues());
        object? Get(string name)
        {
            if (value is IDictionary dictionary)
                foreach (DictionaryEntry entry in dictionary)
                    if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) return Unwrap(entry.Value);
            return Unwrap(PSObject.AsPSObject(item!).Properties[name]?.Value);
        }
        var raw = Get("Value") ?? Get("Values");
        var values = raw switch
        {
            null => null,
            string s => new List<object?> { s },
            IEnumerable e => e.Cast<object?>().Select(Unwrap).ToList(),
            _ => new List<object?> { raw },
        };
        // ConvertTo-Json writes an enum as its number unless -EnumsAsStrings.
        var op = Get("Operator") is { } o && o.GetType().IsPrimitive && Enum.IsDefined(typeof(QueryOperator), Convert.ToInt32(o))
            ? ((QueryOperator)Convert.ToInt32(o)).ToString()
            : Get("Operator")?.ToString();
        return QueryBuilder.FromParts(Get("Field")?.ToString(), op, values);
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    private static void AddDigits(string field, string? value, Action<string, QueryOperator, object?[]> add)
    {
        if (value is null) return;
        var range = value.Split("..", 2);
        if (range.Length == 2) add(field, QueryOperator.Between, [range[0].Trim(), range[1].Trim()]);
        else add(field, QueryOperator.Equals, [value.Trim()]);
    }

    private static void AddRange(string field, object? min, object? max, Action<string, QueryOperator, object?[]> add)
    {
        if (min is not null && max is not null) add(field, QueryOperator.Between, [min, max]);
        else if (min is not null) add(field, QueryOperator.GreaterOrEqual, [min]);
        else if (max is not null) add(field, QueryOperator.LessOrEqual, [max]);
    }
}
