namespace ConversationExport;

/// <summary>
/// A named set of export task settings (SPEC §7): every configuration item of a task except its name,
/// its enabled state and its secrets. New-ExportTask -Template copies the values into the new task;
/// the task keeps no link to them, so changing the template later changes no task.
/// </summary>
public sealed class ExportTemplate : ExportSettingsView
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    // The output settings a template carries and a task does not show.
    public MetadataFormat[] MetadataFormat { get; set; } = [];
    public string[] MetadataColumns { get; set; } = [];
    public CdrFormat[] CdrFormat { get; set; } = [];
    public string[] CdrColumns { get; set; } = [];
    public bool AllowFormulas { get; set; }
    public bool ExcelBom { get; set; }
    public bool NoManifest { get; set; }

    public override string ToString() => Name;
}
