using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export.Download;
using ConversationExport.Engine.Notify;

namespace ConversationExport.Commands.Settings;

/// <summary>Shows the catalog-wide settings of Set-ExportSetting (e-mail, direct download); the SMTP password never leaves the catalog.</summary>
[Cmdlet(VerbsCommon.Get, "ExportSetting", HelpUri = HelpLinks.Online + "Get-ExportSetting.md")]
[OutputType(typeof(ExportSetting))]
public sealed class GetExportSettingCommand : CatalogCmdlet
{
    protected override void EndProcessing()
    {
        var store = new SettingCatalog(OpenCatalog(), Caller);
        WriteObject(Engine(() => DownloadSettings.Load(store).AddTo(SmtpSettings.Load(store).ToModel())));
    }
}
