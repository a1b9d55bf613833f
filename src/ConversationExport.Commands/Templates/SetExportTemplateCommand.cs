using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Templates;

/// <summary>Changes an export template: only the parameters given change. Tasks made from it earlier keep their values.</summary>
[Cmdlet(VerbsCommon.Set, "ExportTemplate", SupportsShouldProcess = true, DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Online + "Set-ExportTemplate.md")]
[OutputType(typeof(ExportTemplate))]
public sealed class SetExportTemplateCommand : TemplateSettingsCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ExportTemplate InputObject { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        RefuseSecrets();
        var name = ParameterSetName == InputObjectSet ? InputObject.Name : Name;
        var templates = new TemplateCatalog(OpenCatalog(), Caller);
        var existing = Engine(() => templates.Get(name));
        var settings = Engine(() => ApplyParameters(existing.Settings));
        Engine(() => { ExportValidator.ValidateTemplate(settings, new TaskCatalog(OpenCatalog(), Caller)); return 0; });
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ArchiveMethod))) WarnIfWeak(this, settings);
        if (!ShouldProcess(existing.Template.Name, "Change export template")) return;
        // -Description '' removes the description; leaving the parameter out keeps it.
        var description = MyInvocation.BoundParameters.ContainsKey(nameof(Description)) ? Description ?? "" : null;
        var updated = Engine(() => templates.Update(existing.Template.Name, description, settings, NewName));
        if (PassThru) WriteObject(updated);
    }
}
