namespace ConversationExport;

/// <summary>
/// The settings an export task and an export template both show (seed §4.1 items, less the secrets), and who
/// made and last changed them. The engine fills them from the stored settings in one place, so a task and a
/// template can never show the same setting differently.
/// </summary>
/// <remarks>
/// PowerShell lists a derived class's own properties before these, so each class keeps its Id and Name (and
/// what is its own) in front, and these settings and stamps follow in the same order for both.
/// </remarks>
public abstract class ExportSettingsView
{
    public ExportTargetType TargetType { get; set; }
    public string? StorageTarget { get; set; }
    public ArchiveMethod ArchiveMethod { get; set; } = ArchiveMethod.Zip;
    public string TimeZone { get; set; } = "UTC";
    public string? RenamePattern { get; set; }
    public bool NoSubfolders { get; set; }
    public bool NoDatabaseLog { get; set; }
    public string[] Server { get; set; } = [];
    public ConversationQuery Query { get; set; } = ConversationQuery.All;
    public string[] NotifyEmail { get; set; } = [];
    public string? EmailSubject { get; set; }
    public string? EmailMessage { get; set; }
    /// <summary>Which ended runs send the notification e-mail to NotifyEmail.</summary>
    public NotifyOn NotifyOn { get; set; }
    public SourceDataset SourceDataset { get; set; } = SourceDataset.Online;
    public ExportScope Scope { get; set; } = ExportScope.MediaAndMetadata;
    public bool IgnoreCdrOnly { get; set; }
    /// <summary>Extensions without the dot ("wav"); empty = every file.</summary>
    public string[] FileExtension { get; set; } = [];
    /// <summary>Split a run into ZIP parts of at most this many bytes; null = one archive.</summary>
    public long? MaxArchiveSize { get; set; }
    /// <summary>Runs export only what no run of the task delivered since its watermark (scheduled runs always do).</summary>
    public bool Incremental { get; set; }
    public int MaxResumeAttempts { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime ModifiedUtc { get; set; }
    public string ModifiedBy { get; set; } = "";
}
