using System.Management.Automation;
using System.Security;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Notify;

namespace ConversationExport.Commands.Export;

/// <summary>The configuration items of seed §4.1 as parameters, shared by New-ExportTask and Set-ExportTask.</summary>
public abstract class TaskSettingsCmdlet : CatalogCmdlet
{
    [Parameter] public ExportTargetType TargetType { get; set; }

    /// <summary>A storage target's name, or the object from Get-StorageTarget.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    public object? StorageTarget { get; set; }

    [Parameter] public ArchiveMethod ArchiveMethod { get; set; }
    [Parameter] public SecureString? ZipPassword { get; set; }
    [Parameter] public SecretScope SecretScope { get; set; }
    [Parameter, ArgumentCompleter(typeof(TimeZoneCompleter))] public string TimeZone { get; set; } = "UTC";
    [Parameter] public string? RenamePattern { get; set; }
    [Parameter] public SwitchParameter NoSubfolders { get; set; }
    [Parameter] public SwitchParameter NoDatabaseLog { get; set; }
    [Parameter] public string[]? Server { get; set; }
    [Parameter] public ConversationQuery? Query { get; set; }
    [Parameter] public string[]? NotifyEmail { get; set; }
    [Parameter] public string? EmailSubject { get; set; }
    [Parameter] public string? EmailMessage { get; set; }
    [Parameter] public NotifyOn NotifyOn { get; set; }
    [Parameter] public SourceDataset SourceDataset { get; set; }
    [Parameter] public ExportScope Scope { get; set; }
    [Parameter] public SwitchParameter IgnoreCdrOnly { get; set; }
    [Parameter] public string[]? FileExtension { get; set; }
    [Parameter] public long? MaxArchiveSize { get; set; }
    [Parameter] public SwitchParameter Incremental { get; set; }
    [Parameter, ValidateRange(0, 100)] public int MaxResumeAttempts { get; set; }
    [Parameter] public SwitchParameter NoManifest { get; set; }
    [Parameter] public MetadataFormat[]? MetadataFormat { get; set; }
    [Parameter, ArgumentCompleter(typeof(ColumnCompleter))] public string[]? MetadataColumns { get; set; }
    [Parameter] public CdrFormat[]? CdrFormat { get; set; }
    [Parameter, ArgumentCompleter(typeof(ColumnCompleter))] public string[]? CdrColumns { get; set; }
    [Parameter] public SwitchParameter AllowFormulas { get; set; }
    [Parameter] public SwitchParameter ExcelBom { get; set; }

    /// <summary>Recipients without an SMTP server would never hear anything: say so when they are saved, not after the first failed run.</summary>
    internal void WarnIfNoSmtp(Engine.Export.ExportSettings settings)
    {
        if (settings.NotifyEmail.Length == 0) return;
        var smtp = Engine(() => SmtpSettings.Load(new SettingCatalog(OpenCatalog(), Caller)));
        if (!smtp.IsConfigured)
            WriteWarning($"No notification e-mail can be sent to {string.Join(", ", settings.NotifyEmail)} until SMTP is configured for this catalog: {SmtpSettings.HowToConfigure}.");
    }

    /// <summary>ZipCrypto is what Windows Explorer opens, and what anyone with a cracking tool opens too.</summary>
    internal static void WarnIfWeak(Cmdlet cmdlet, Engine.Export.ExportSettings settings)
    {
        if (settings.ArchiveMethod == ArchiveMethod.ZipCrypto)
            cmdlet.WriteWarning("ZipCrypto (standard ZIP encryption) is weak and can be broken; Windows Explorer opens it without extra software. Use Aes256 for evidence (7-Zip or WinZip open it).");
    }
}
