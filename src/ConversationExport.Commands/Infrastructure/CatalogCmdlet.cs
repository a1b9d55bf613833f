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
    /// <summary>The catalog to use instead of the session's default.</summary>
    [Parameter]
    [ValidateNotNull]
    public CatalogInfo? Catalog { get; set; }

    protected CallerIdentity Caller { get; } = CallerIdentity.Current();

    private ConversationCatalog? _catalog;

    /// <summary>
    /// Opens the catalog once per command: opening checks the whole file for damage, which takes
    /// a noticeable time on a large catalog, so pipeline items share one open. A catalog that
    /// cannot be used is a terminating error with its own id (CatalogNotFound, CatalogCorrupt …).
    /// </summary>
    protected internal ConversationCatalog OpenCatalog() => _catalog ??= Engine(() => CatalogSession.Open(Catalog));

    /// <summary>Runs engine work, turning its failures into terminating errors with stable ids.</summary>
    protected T Engine<T>(Func<T> work) => CatalogSession.Engine(this, work);

    /// <summary>A file-system path from the user, resolved against the current PowerShell location (not the process directory).</summary>
    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);
}

/// <summary>The session's default catalog and the engine-call guard, shared by every cmdlet family.</summary>
internal static class CatalogSession
{
    // One default per runspace: two sessions in one process (jobs, runbooks) must not see each other's catalog.
    private static readonly ConcurrentDictionary<Guid, CatalogInfo> Defaults = new();

    public static CatalogInfo? Current
    {
        get => Runspace.DefaultRunspace is { } runspace && Defaults.TryGetValue(runspace.InstanceId, out var info) ? info : null;
        set
        {
            if (Runspace.DefaultRunspace is not { } runspace) return;
            if (value is null) Defaults.TryRemove(runspace.InstanceId, out _);
            else Defaults[runspace.InstanceId] = value;
        }
    }

    public static ConversationCatalog Open(CatalogInfo? explicitCatalog) =>
        ConversationCatalog.Open(explicitCatalog ?? Current ?? ConversationCatalog.Default());

    public static T Engine<T>(Cmdlet cmdlet, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (ConversationExportException error)
        {
            cmdlet.ThrowTerminatingError(ErrorFactory.From(error));
            throw; // unreachable: ThrowTerminatingError does not return
        }
    }
}
