using System.Management.Automation;
using ConversationExport.Commands.Infrastructure;
using ConversationExport.Commands.Query;
using ConversationExport.Engine;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Import;
using ConversationExport.Engine.Query;

namespace ConversationExport.Commands.Catalog;

/// <summary>
/// Lists the conversations that match a query (the search/list page), streamed page by page from
/// the catalog, or read from a recording folder's sidecars with -Path.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Conversation", DefaultParameterSetName = CatalogSet, SupportsPaging = true, HelpUri = HelpLinks.Online + "Get-Conversation.md")]
[OutputType(typeof(Conversation), typeof(long))]
public sealed class GetConversationCommand : CriteriaCmdlet
{
    private const string CatalogSet = "Catalog";
    private const string PathSet = "Path";
    private readonly CancellationTokenSource _cancellation = new();
    private ConversationStore? _store;

    /// <summary>Catalog keys.</summary>
    [Parameter(ParameterSetName = CatalogSet, ValueFromPipelineByPropertyName = true)]
    public long[]? Id { get; set; }

    /// <summary>A query from New-ConversationQuery; parameters given beside it narrow it further.</summary>
    [Parameter(ValueFromPipeline = true)]
    public ConversationQuery? Query { get; set; }

    /// <summary>The catalog to search instead of the session's default.</summary>
    [Parameter(ParameterSetName = CatalogSet)]
    [ValidateNotNull]
    public CatalogInfo? Catalog { get; set; }

    /// <summary>A recording folder to read instead of a catalog (the direct, file-based source), used exactly as written (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("LiteralPath", "PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(ParameterSetName = CatalogSet)]
    public ConversationOrder SortBy { get; set; } = ConversationOrder.Id;

    [Parameter(ParameterSetName = CatalogSet)]
    public SwitchParameter Descending { get; set; }

    /// <summary>Only the number of matching conversations.</summary>
    [Parameter]
    public SwitchParameter Count { get; set; }

    /// <summary>The moment RecentThan and OlderThan count back from; default: now.</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    protected override void ProcessRecord()
    {
        var criteria = CatalogSession.Engine(this, () => (Query?.Criteria ?? []).Concat(CriteriaFromParameters()).ToList());
        var query = CatalogSession.Engine(this, () => QueryBuilder.Query(criteria));
        var now = AsOf is { } asOf ? (asOf.Kind == DateTimeKind.Local ? asOf.ToUniversalTime() : DateTime.SpecifyKind(asOf, DateTimeKind.Utc)) : DateTime.UtcNow;
        var first = PagingParameters.First == ulong.MaxValue ? (long?)null : (long)Math.Min(PagingParameters.First, long.MaxValue);
        var skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue);

        if (ParameterSetName == PathSet)
        {
            ReadFolder(query, now, first, skip);
            return;
        }

        // One open per command, not per piped item: opening checks the whole catalog file.
        // The store carries the caller's scope (SPEC §12): a user lists only the conversations accessible to them.
        var store = _store ??= CatalogSession.Engine(this, () => new ConversationStore(CatalogSession.OpenFor(this, Catalog), Engine.Security.CallerIdentity.Current()));
        var selection = new ConversationSelection(query, Id, null, first, skip, SortBy, Descending, now);
        if (Count || PagingParameters.IncludeTotalCount)
        {
            var total = CatalogSession.Engine(this, () => store.Count(selection));
            if (Count)
            {
                WriteObject(total);
                return;
            }
            WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0));
        }
        var unmatched = Unmatched.For(this, first is not null || skip > 0);
        CatalogSession.Engine(this, () =>
        {
            foreach (var conversation in store.Enumerate(selection, _cancellation.Token))
            {
                unmatched?.Seen(conversation);
                WriteObject(conversation);
            }
            return 0;
        });
        unmatched?.Report(this);
    }

    private void ReadFolder(ConversationQuery query, DateTime now, long? first, long skip)
    {
        var matches = QueryEvaluator.Compile(query, now);
        var root = GetUnresolvedProviderPathFromPSPath(Path);
        long seen = 0, written = 0;
        var unmatched = Count ? null : Unmatched.For(this, first is not null || skip > 0);
        CatalogSession.Engine(this, () =>
        {
            foreach (var result in RecordingFolder.ReadSidecars(root, _cancellation.Token))
            {
                foreach (var warning in result.Warnings) WriteWarning(warning);
                if (result.Conversation is null)
                {
                    WriteError(ErrorFactory.From(result.Error!));
                    continue;
                }
                if (!matches(result.Conversation)) continue;
                unmatched?.Seen(result.Conversation);
                if (seen++ < skip || Count) continue;
                if (written < (first ?? long.MaxValue))
                {
                    WriteObject(result.Conversation);
                    written++;
                }
                else if (!PagingParameters.IncludeTotalCount) break;
            }
            if (Count) WriteObject(seen);
            // A folder has no index to count from; the total is known only once it has been read.
            else if (PagingParameters.IncludeTotalCount) WriteObject(PagingParameters.NewTotalCount((ulong)seen, 1.0));
            return 0;
        });
        unmatched?.Report(this);
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>
    /// The exact -Id and -ConversationId values asked for that no conversation matched: each is a
    /// non-terminating ObjectNotFound error, as Get-Item reports a path that is not there. Wildcards that
    /// match nothing stay silent. Paging (-First, -Skip) can leave a match out, so it turns the check off.
    /// </summary>
    private sealed class Unmatched
    {
        private readonly HashSet<long> _ids;
        private readonly HashSet<string> _conversationIds;

        private Unmatched(IEnumerable<long> ids, IEnumerable<string> conversationIds)
        {
            _ids = [.. ids];
            _conversationIds = new HashSet<string>(conversationIds, StringComparer.OrdinalIgnoreCase);
        }

        public static Unmatched? For(GetConversationCommand cmdlet, bool paged) => paged || cmdlet.Count
            ? null
            : new Unmatched(cmdlet.ParameterSetName == CatalogSet ? cmdlet.Id ?? [] : [],
                (cmdlet.ConversationId ?? []).Where(v => !WildcardPattern.ContainsWildcardCharacters(v)));

        public void Seen(Conversation conversation)
        {
            _ids.Remove(conversation.Id);
            _conversationIds.Remove(conversation.ConversationId);
        }

        public void Report(Cmdlet cmdlet)
        {
            foreach (var id in _ids)
                cmdlet.WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.ConversationNotFound, ErrorKind.NotFound,
                    $"No conversation with Id {id} matches (it is not in the catalog, or the other criteria leave it out).", id)));
            foreach (var id in _conversationIds)
                cmdlet.WriteError(ErrorFactory.From(new ConversationExportException(ErrorId.ConversationNotFound, ErrorKind.NotFound,
                    $"No conversation with ConversationId '{id}' matches (it is not there, or the other criteria leave it out).", id)));
        }
    }
}
