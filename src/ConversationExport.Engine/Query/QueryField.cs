namespace ConversationExport.Engine.Query;

/// <summary>How a field's values are compared; decides the operators it accepts.</summary>
public enum FieldKind { Text, Party, Enum, Time, Number, Duration, Digits, Boolean, Set }

/// <summary>A Conversation Detail Field that queries can filter on (seed §4.2, design §3).</summary>
public sealed class QueryField
{
    private QueryField(string name, string displayName, FieldKind kind, Func<Conversation, object?[]> read, Type? enumType = null)
    {
        Name = name;
        DisplayName = displayName;
        Kind = kind;
        Read = read;
        EnumType = enumType;
    }

    public string Name { get; }
    /// <summary>The words of the friendly query text ("Start Time").</summary>
    public string DisplayName { get; }
    public FieldKind Kind { get; }
    public Type? EnumType { get; }
    /// <summary>The field's values on one conversation: one for scalars (null when absent), several for parties and sets.</summary>
    internal Func<Conversation, object?[]> Read { get; }

    public IReadOnlyList<QueryOperator> Operators => Kind switch
    {
        FieldKind.Text or FieldKind.Party => [QueryOperator.Equals, QueryOperator.NotEquals, QueryOperator.Like, QueryOperator.NotLike, QueryOperator.In, QueryOperator.NotIn],
        FieldKind.Enum => [QueryOperator.Equals, QueryOperator.NotEquals, QueryOperator.In, QueryOperator.NotIn],
        FieldKind.Time => [QueryOperator.LessThan, QueryOperator.LessOrEqual, QueryOperator.GreaterThan, QueryOperator.GreaterOrEqual, QueryOperator.Between, QueryOperator.RecentThan, QueryOperator.OlderThan],
        FieldKind.Number or FieldKind.Duration or FieldKind.Digits => [QueryOperator.Equals, QueryOperator.NotEquals, QueryOperator.LessThan, QueryOperator.LessOrEqual, QueryOperator.GreaterThan, QueryOperator.GreaterOrEqual, QueryOperator.Between],
        FieldKind.Boolean => [QueryOperator.Equals],
        FieldKind.Set => [QueryOperator.HasAny, QueryOperator.HasAll, QueryOperator.HasNone],
        _ => [],
    };

    public static IReadOnlyList<QueryField> All { get; } =
    [
        Text(nameof(Conversation.ConversationId), "Conversation ID", c => c.ConversationId),
        Text(nameof(Conversation.NativeId), "Native ID", c => c.NativeId),
        Text(nameof(Conversation.From), "From", c => c.From),
        Text(nameof(Conversation.FromInfo), "From Info", c => c.FromInfo),
        Text(nameof(Conversation.FromDeviceId), "From Device ID", c => c.FromDeviceId),
        Text(nameof(Conversation.FromIp), "From IP", c => c.FromIp),
        Text(nameof(Conversation.To), "To", c => c.To),
        Text(nameof(Conversation.ToInfo), "To Info", c => c.ToInfo),
        Text(nameof(Conversation.ToDeviceId), "To Device ID", c => c.ToDeviceId),
        Text(nameof(Conversation.ToIp), "To IP", c => c.ToIp),
        new("BothToOrFrom", "Both To or From", FieldKind.Party, c => [c.From, c.To]),
        new("BothToOrFromInfo", "Both To or From Info", FieldKind.Party, c => [c.FromInfo, c.ToInfo]),
        Text(nameof(Conversation.DialedNumber), "Dialed Number", c => c.DialedNumber),
        Text(nameof(Conversation.User), "User", c => c.User),
        Text(nameof(Conversation.UserLocation), "User Location", c => c.UserLocation),
        Text(nameof(Conversation.Extension), "Extension", c => c.Extension),
        new(nameof(Conversation.Group), "Group", FieldKind.Set, c => c.Group),
        Text(nameof(Conversation.UserId), "User ID", c => c.UserId),
        Text(nameof(Conversation.RecordingServer), "Recording Server", c => c.RecordingServer),
        Text(nameof(Conversation.MediaFileName), "Media File Name", c => c.MediaFileName),
        Text(nameof(Conversation.StorageTarget), "Storage Target", c => c.StorageTarget),
        Text(nameof(Conversation.EncryptedWithCertificate), "Encrypted with Certificate", c => c.EncryptedWithCertificate),
        Text(nameof(Conversation.SignedWithCertificate), "Signed with Certificate", c => c.SignedWithCertificate),
        Enum<Direction>(nameof(Conversation.Direction), "Direction", c => c.Direction.ToString()),
        Enum<EndCause>(nameof(Conversation.EndCause), "End Cause", c => c.EndCause),
        Enum<ConversationType>(nameof(Conversation.ConversationType), "Conversation Type", c => c.ConversationType.ToString()),
        Enum<ForwardReason>(nameof(Conversation.ForwardReason), "Forward Reason", c => c.ForwardReason),
        Enum<SourcePlatform>(nameof(Conversation.SourcePlatform), "Source Platform", c => c.SourcePlatform),
        Enum<Dataset>(nameof(Conversation.Dataset), "Dataset", c => c.Dataset.ToString()),
        new("StartTime", "Start Time", FieldKind.Time, c => [c.StartTimeUtc]),
        new(nameof(Conversation.Duration), "Duration", FieldKind.Duration, c => [c.Duration]),
        new("FromDigits", "From (digits)", FieldKind.Digits, c => [DigitCount(c.From)]),
        new("ToDigits", "To (digits)", FieldKind.Digits, c => [DigitCount(c.To)]),
        new(nameof(Conversation.SilenceRatio), "Silence Ratio", FieldKind.Number, c => [c.SilenceRatio]),
        new(nameof(Conversation.TalkoverRatio), "Talkover Ratio", FieldKind.Number, c => [c.TalkoverRatio]),
        new(nameof(Conversation.LongestSilence), "Longest Silence", FieldKind.Duration, c => [c.LongestSilence]),
        new(nameof(Conversation.Protected), "Protected", FieldKind.Boolean, c => [c.Protected]),
        new("Encrypted", "Encrypted", FieldKind.Boolean, c => [c.EncryptedWithCertificate is not null]),
        new("Signed", "Signed", FieldKind.Boolean, c => [c.SignedWithCertificate is not null]),
        new(nameof(Conversation.HasQmScorecard), "Quality Management Scorecard", FieldKind.Boolean, c => [c.HasQmScorecard]),
        new(nameof(Conversation.CdrOnly), "CDR-only", FieldKind.Boolean, c => [c.CdrOnly]),
        new(nameof(Conversation.Imported), "Imported", FieldKind.Boolean, c => [c.Imported]),
        new("Label", "Label", FieldKind.Set, c => c.Labels.Select(l => (object?)l.Name).ToArray()),
        new("Case", "Case", FieldKind.Set, c => c.Cases),
    ];

    private static readonly Dictionary<string, QueryField> ByName = All.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static bool TryGet(string name, out QueryField field) => ByName.TryGetValue(name, out field!);

    /// <summary>Digits in a phone number, the measure of the seed's "From (digits)" and "To (digits)".</summary>
    public static int? DigitCount(string? number) => number is null ? null : number.Count(char.IsAsciiDigit);

    private static QueryField Text(string name, string display, Func<Conversation, string?> read) => new(name, display, FieldKind.Text, c => [read(c)]);

    private static QueryField Enum<T>(string name, string display, Func<Conversation, string?> read) where T : struct, System.Enum =>
        new(name, display, FieldKind.Enum, c => [read(c)], typeof(T));

    public override string ToString() => Name;
}
