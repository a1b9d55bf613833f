namespace ConversationExport;

/// <summary>
/// A named set of export task settings (SPEC §7): every configuration item of a task except its name,
/// its enabled state and its secrets. New-ExportTask -Template copies the values into the new task;
/// the task keeps no link to them, so changing the template later changes no task.
/// </summary>
public sealed class ExportTemplate
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
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
    public NotifyOn NotifyOn { get; set; }
    public SourceDataset SourceDataset { get; set; } = SourceDataset.Online;
    public ExportScope Scope { get; set; } = ExportScope.MediaAndMetadata;
    public bool IgnoreCdrOnly { get; set; }
    /// <summary>Extensions without the dot ("wav"); empty = every file.</summary>
    public string[] FileExtension { get; set; } = [];
    public long? MaxArchiveSize { get; set; }
    public bool Incremental { get; set; }
    public int MaxResumeAttempts { get; set; }
    public MetadataFormat[] MetadataFormat { get; set; } = [];
    public string[] MetadataColumns { get; set; } = [];
    public CdrFormat[] CdrFormat { get; set; } = [];
    public string[] CdrColumns { get; set; } = [];
    public bool AllowFormulas { get; set; }
    public bool ExcelBom { get; set; }
    public bool NoManifest { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime ModifiedUtc { get; set; }
    public string ModifiedBy { get; set; } = "";

    public override string ToString() => Name;
}
