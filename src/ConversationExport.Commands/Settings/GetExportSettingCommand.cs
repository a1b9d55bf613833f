using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Notify;

namespace ConversationExport.Commands.Settings;

/// <summary>Shows the catalog-wide settings of Set-ExportSetting; the SMTP password never leaves the catalog.</summary>
[Cmdlet(VerbsCommon.Get, "ExportSetting", HelpUri = HelpLinks.Online + "Get-ExportSetting.md")]
[OutputType(typeof(ExportSetting))]
public sealed class GetExportSettingCommand : CatalogCmdlet
{
    protected override void EndProcessing() =>
        WriteObject(Engine(() => SmtpSettings.Load(new SettingCatalog(OpenCatalog(), Caller))).ToModel());
}
