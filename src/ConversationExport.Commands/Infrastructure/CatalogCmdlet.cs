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
    protected internal ConversationCatalog OpenCatalog() => _catalog ??= CatalogSession.OpenFor(this, Catalog);

    /// <summary>Runs engine work, turning its failures into terminating errors with stable ids.</summary>
    protected T Engine<T>(Func<T> work) => CatalogSession.Engine(this, work);

    /// <summary>A file-system path from the user, resolved against the current PowerShell location (not the process directory).</summary>
    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// A -Path that may hold wildcards: with them, the items they match (none: nothing, like Get-Item);
    /// without, the path as written, so a missing item is reported by the engine with its own error.
    /// </summary>
    protected IEnumerable<string> ExpandPath(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path)) return [ResolvePath(path)];
        try
        {
            return GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException)
        {
            return [];
        }
    }

    /// <summary>
    /// Writes what matches each name of a -Name (wildcards allowed; none given: everything), as the Get- cmdlets
    /// list catalog items; a plain name that matches nothing is a non-terminating <paramref name="notFound"/> error.
    /// </summary>
    protected void WriteMatches<T>(IReadOnlyList<T> items, Func<T, string> name, string[]? patterns, Func<string, ConversationExportException> notFound)
    {
        foreach (var pattern in patterns ?? ["*"])
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            var found = items.Where(i => wildcard.IsMatch(name(i))).ToList();
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern)) WriteError(ErrorFactory.From(notFound(pattern)));
            foreach (var item in found) WriteObject(item);
        }
    }
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

    /// <summary>Names the catalog used when neither -Catalog nor the session names one: a file, or "&lt;Provider&gt;:&lt;connection string&gt;".</summary>
    public const string EnvironmentVariable = "CONVERSATIONEXPORT_CATALOG";

    /// <summary>The catalog a command uses, and why: -Catalog, the session's, the environment's, the user's default.</summary>
    public static (CatalogInfo Info, CatalogSource Source) Choose(CatalogInfo? explicitCatalog)
    {
        if (explicitCatalog is not null) return (explicitCatalog, CatalogSource.Parameter);
        if (Current is { } session) return (session, CatalogSource.Session);
        var source = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)) ? CatalogSource.Default : CatalogSource.Environment;
        return (ConversationCatalog.Default(), source);
    }

    public static string Describe(CatalogSource source) => source switch
    {
        CatalogSource.Parameter => "the -Catalog parameter",
        CatalogSource.Session => "the session (Connect- or Initialize-ConversationCatalog)",
        CatalogSource.Environment => $"the {EnvironmentVariable} environment variable",
        _ => "default: the user's embedded catalog",
    };

    /// <summary>Opens the catalog a cmdlet uses, saying which one under -Verbose; failures become terminating errors.</summary>
    public static ConversationCatalog OpenFor(Cmdlet cmdlet, CatalogInfo? explicitCatalog)
    {
        var (info, source) = Choose(explicitCatalog);
        cmdlet.WriteVerbose($"Catalog: {info} ({info.Provider}, chosen by {Describe(source)}).");
        return Engine(cmdlet, () => Open(info, source));
    }

    public static ConversationCatalog Open(CatalogInfo? explicitCatalog)
    {
        var (info, source) = Choose(explicitCatalog);
        return Open(info, source);
    }

    /// <summary>
    /// Opens the chosen catalog. A missing catalog nobody named on the command line is most often a
    /// first run or a session that forgot to connect, so its error offers both ways out.
    /// </summary>
    public static ConversationCatalog Open(CatalogInfo info, CatalogSource source)
    {
        try
        {
            return ConversationCatalog.Open(info);
        }
        catch (ConversationExportException error) when (error.Id == ErrorId.CatalogNotFound && info.Path is not null && source is CatalogSource.Default or CatalogSource.Environment)
        {
            throw new ConversationExportException(error.Id, error.Kind,
                $"No catalog at '{info.Path}' (chosen by {Describe(source)}). Create it with Initialize-ConversationCatalog" +
                (source == CatalogSource.Default ? "" : $" -Path '{info.Path}'") +
                ", or use an existing catalog with Connect-ConversationCatalog -Path <file> (or -Catalog on one command).",
                error.Target, error);
        }
    }

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
