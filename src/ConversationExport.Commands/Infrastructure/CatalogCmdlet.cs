using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ConversationExport.Engine;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>
/// Base of every cmdlet that works on a catalog: -Catalog, or the session's catalog set by
/// Connect-ConversationCatalog, or the user's embedded default.
/// </summary>
public abstract class CatalogCmdlet : PSCmdlet
{
    // One default per runspace: two sessions in one process (jobs, runbooks) must not see each other's catalog.
    private static readonly ConcurrentDictionary<Guid, CatalogInfo> SessionCatalogs = new();

    /// <summary>The catalog to use instead of the session's default.</summary>
    [Parameter]
    [ValidateNotNull]
    public CatalogInfo? Catalog { get; set; }

    protected CallerIdentity Caller { get; } = CallerIdentity.Current();

    protected ConversationCatalog OpenCatalog() =>
        ConversationCatalog.Open(Catalog ?? SessionCatalog ?? ConversationCatalog.ForSqliteFile(ConversationCatalog.DefaultPath()));

    protected static CatalogInfo? SessionCatalog
    {
        get => Runspace.DefaultRunspace is { } runspace && SessionCatalogs.TryGetValue(runspace.InstanceId, out var info) ? info : null;
        set
        {
            if (Runspace.DefaultRunspace is not { } runspace) return;
            if (value is null) SessionCatalogs.TryRemove(runspace.InstanceId, out _);
            else SessionCatalogs[runspace.InstanceId] = value;
        }
    }

    /// <summary>Runs engine work, turning its failures into terminating errors with stable ids.</summary>
    protected T Engine<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (ConversationExportException error)
        {
            ThrowTerminatingError(ErrorFactory.From(error));
            throw; // unreachable: ThrowTerminatingError does not return
        }
    }

    /// <summary>A file-system path from the user, resolved against the current PowerShell location (not the process directory).</summary>
    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);
}
