using System.Text.Json;
using System.Text.Json.Serialization;
using ConversationExport.Engine.Query;

namespace ConversationExport.Engine.Export;

/// <summary>
/// Everything that decides what a run does (seed §4.1 items, less name and enabled state). A task
/// stores one; every run keeps a copy of the settings it started with, so a resumed run finishes
/// the way it began even if the task was edited meanwhile.
/// </summary>
public sealed record ExportSettings
{
    public ExportTargetType TargetType { get; init; } = ExportTargetType.StorageTarget;
    public string? StorageTarget { get; init; }
    public ArchiveMethod ArchiveMethod { get; init; } = ArchiveMethod.Zip;
    /// <summary>The ZIP password as <see cref="Security.SecretProtector"/> stored it; never plain text.</summary>
    public string? ProtectedPassword { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public string? RenamePattern { get; init; }
    public bool NoSubfolders { get; init; }
    public bool NoDatabaseLog { get; init; }
    public string[] Server { get; init; } = [];
    public ConversationQuery Query { get; init; } = ConversationQuery.All;
    public string[] NotifyEmail { get; init; } = [];
    public string? EmailSubject { get; init; }
    public string? EmailMessage { get; init; }
    /// <summary>Which ended runs send the notification e-mail: Failure (Failed, CompletedWithErrors) or Always.</summary>
    public NotifyOn NotifyOn { get; init; } = NotifyOn.Failure;
    public SourceDataset SourceDataset { get; init; } = SourceDataset.Online;
    public ExportScope Scope { get; init; } = ExportScope.MediaAndMetadata;
    public bool IgnoreCdrOnly { get; init; }
    public string[] FileExtension { get; init; } = [];
    public long? MaxArchiveSize { get; init; }
    /// <summary>Every run exports only what changed since the task's last completed incremental run (scheduled runs always are).</summary>
    public bool Incremental { get; init; }
    /// <summary>How often a scheduled run resumes an Interrupted or Failed run before it gives up on it and starts afresh.</summary>
    public int MaxResumeAttempts { get; init; } = 3;
    /// <summary>Sidecars written for each conversation when Scope includes metadata.</summary>
    public MetadataFormat[] MetadataFormat { get; init; } = [ConversationExport.MetadataFormat.Xml, ConversationExport.MetadataFormat.Csv];
    /// <summary>Columns of the CSV sidecar, in order; empty = every field.</summary>
    public string[] MetadataColumns { get; init; } = [];
    /// <summary>CDR files of the run; empty = none.</summary>
    public CdrFormat[] CdrFormat { get; init; } = [ConversationExport.CdrFormat.Csv];
    /// <summary>Columns of the CDR, in order; empty = the default set.</summary>
    public string[] CdrColumns { get; init; } = [];
    /// <summary>Keep CSV cells that start like a spreadsheet formula (= + - @) as they are.</summary>
    public bool AllowFormulas { get; init; }
    /// <summary>Write CSV with a UTF-8 byte order mark, which Excel needs to read accents.</summary>
    public bool ExcelBom { get; init; }
    /// <summary>Leave out manifest.json (seed §4.6 makes it optional).</summary>
    public bool NoManifest { get; init; }
    /// <summary>How an ad-hoc run's conversations were chosen, in words; null for a task's query.</summary>
    public string? Selection { get; init; }
    /// <summary>Ad-hoc exports name a folder instead of a storage target.</summary>
    public string? Destination { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(), new QueryJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The query as people read it: an ad-hoc selection says so.</summary>
    [JsonIgnore]
    public string QueryText => Selection ?? Query.Text;

    /// <summary>
    /// Copies the settings a task and a template both show into <paramref name="view"/> and returns it; the
    /// password stays out (a task says only whether it has one).
    /// </summary>
    public T ShowIn<T>(T view) where T : ExportSettingsView
    {
        view.TargetType = TargetType;
        view.StorageTarget = StorageTarget;
        view.ArchiveMethod = ArchiveMethod;
        view.TimeZone = TimeZone;
        view.RenamePattern = RenamePattern;
        view.NoSubfolders = NoSubfolders;
        view.NoDatabaseLog = NoDatabaseLog;
        view.Server = Server;
        view.Query = Query;
        view.NotifyEmail = NotifyEmail;
        view.EmailSubject = EmailSubject;
        view.EmailMessage = EmailMessage;
        view.NotifyOn = NotifyOn;
        view.SourceDataset = SourceDataset;
        view.Scope = Scope;
        view.IgnoreCdrOnly = IgnoreCdrOnly;
        view.FileExtension = FileExtension;
        view.MaxArchiveSize = MaxArchiveSize;
        view.Incremental = Incremental;
        view.MaxResumeAttempts = MaxResumeAttempts;
        return view;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ExportSettings FromJson(string json) => JsonSerializer.Deserialize<ExportSettings>(json, Json)!;
}

/// <summary>A query as {"Text": …, "Criteria": [{Field, Operator, Value}]}: the form ConvertTo-Json gives users, read back through the builder's checks.</summary>
public sealed class QueryJsonConverter : JsonConverter<ConversationQuery>
{
    public override ConversationQuery Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return QueryBuilder.FromJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, ConversationQuery value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("Text", value.Text);
        writer.WriteStartArray("Criteria");
        foreach (var criterion in value.Criteria)
        {
            writer.WriteStartObject();
            writer.WriteString("Field", criterion.Field);
            writer.WriteString("Operator", criterion.Operator);
            writer.WriteString("Value", criterion.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
