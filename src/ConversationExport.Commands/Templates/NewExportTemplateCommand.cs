using System.Management.Automation;
using ConversationExport.Commands.Export;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;

namespace ConversationExport.Commands.Templates;

/// <summary>Saves export task settings as a named template: from parameters, from an existing task, or from a template object or its JSON.</summary>
[Cmdlet(VerbsCommon.New, "ExportTemplate", SupportsShouldProcess = true, DefaultParameterSetName = SettingsSet, HelpUri = HelpLinks.Online + "New-ExportTemplate.md")]
[OutputType(typeof(ExportTemplate))]
public sealed class NewExportTemplateCommand : TemplateSettingsCmdlet
{
    private const string SettingsSet = "Settings";
    private const string FromTaskSet = "FromTask";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>An export task whose settings (less its name, enabled state and password) the template starts from.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromTaskSet)]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string FromTask { get; set; } = "";

    /// <summary>A template (Get-ExportTemplate), what ConvertFrom-Json makes of its JSON, or a task (Get-ExportTask).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    protected override void ProcessRecord()
    {
        RefuseSecrets();
        var templates = new TemplateCatalog(OpenCatalog(), Caller);
        var tasks = new TaskCatalog(OpenCatalog(), Caller);
        var description = MyInvocation.BoundParameters.ContainsKey(nameof(Description)) ? Description : null;
        ExportSettings start;
        switch (ParameterSetName)
        {
            case FromTaskSet:
                start = TemplateCatalog.Strip(Engine(() => tasks.GetTask(FromTask)).Settings);
                break;
            case InputObjectSet when InputObject is PSObject { BaseObject: ExportTask task } || InputObject is ExportTask:
                start = TemplateCatalog.Strip(Engine(() => tasks.GetTask(((ExportTask)PSObject.AsPSObject(InputObject).BaseObject).Name)).Settings);
                break;
            case InputObjectSet:
                start = ReadSettings(InputObject);
                if (!MyInvocation.BoundParameters.ContainsKey(nameof(Description))) description = ReadDescription(InputObject);
                break;
            default:
                start = new ExportSettings();
                break;
        }
        var settings = Engine(() => ApplyParameters(start));
        Engine(() => { ExportValidator.ValidateTemplate(settings, tasks); return 0; });
        WarnIfWeak(this, settings);
        if (!ShouldProcess(Name, "Create export template")) return;
        WriteObject(Engine(() => templates.Add(Name, description, settings)));
    }
}
