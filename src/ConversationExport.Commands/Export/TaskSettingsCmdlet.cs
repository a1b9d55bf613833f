using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;

namespace ConversationExport.Commands.Export;

/// <summary>The configuration items of seed §4.1 as parameters, shared by New-ExportTask and Set-ExportTask.</summary>
public abstract class TaskSettingsCmdlet : CatalogCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)] public ExportTargetType TargetType { get; set; }

    /// <summary>A storage target's name, or the object from Get-StorageTarget.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public object? StorageTarget { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)] public ArchiveMethod ArchiveMethod { get; set; }
    [Parameter] public SecureString? ZipPassword { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string TimeZone { get; set; } = "UTC";
    [Parameter(ValueFromPipelineByPropertyName = true)] public string? RenamePattern { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public SwitchParameter NoSubfolders { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public SwitchParameter NoDatabaseLog { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string[]? Server { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public ConversationQuery? Query { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string[]? NotifyEmail { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string? EmailSubject { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string? EmailMessage { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public SourceDataset SourceDataset { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public ExportScope Scope { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public SwitchParameter IgnoreCdrOnly { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public string[]? FileExtension { get; set; }
    [Parameter(ValueFromPipelineByPropertyName = true)] public long? MaxArchiveSize { get; set; }
}
