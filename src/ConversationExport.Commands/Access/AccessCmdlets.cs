using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Engine;
using ConversationExport.Engine.Catalog;

namespace ConversationExport.Commands.Access;

/// <summary>Base of the user, group and permission cmdlets: the catalog's access store for the caller.</summary>
public abstract class AccessCmdlet : CatalogCmdlet
{
    private AccessCatalog? _access;

    protected AccessCatalog Access => _access ??= new AccessCatalog(OpenCatalog(), Caller);

    /// <summary>Runs one change; a failure is a non-terminating error for this item, as with every per-item change.</summary>
    protected void Try(Action change)
    {
        try
        {
            change();
        }
        catch (ConversationExportException error)
        {
            WriteError(ErrorFactory.From(error));
        }
    }
}

/// <summary>Base of Add- and Remove-ExportGroupMember: the group, and the users to put in it or take out of it.</summary>
public abstract class GroupMemberCmdlet : AccessCmdlet
{
    /// <summary>The group: the name conversations carry in their Group field.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Group { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Member { get; set; } = [];
}

/// <summary>Base of Remove-ExportUser and Remove-ExportGroup: each named user or group is removed once confirmed.</summary>
public abstract class RemovePrincipalCmdlet : AccessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PrincipalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>What is removed, as ShouldProcess names it: "user" or "group".</summary>
    protected abstract string Kind { get; }

    protected abstract void Remove(string name);

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
            if (ShouldProcess(name, $"Remove {Kind}")) Try(() => Remove(name));
    }
}
