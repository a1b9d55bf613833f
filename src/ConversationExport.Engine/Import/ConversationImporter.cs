using System.Diagnostics;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Import;

/// <summary>Where the importer reports per-file problems; called on the importing thread.</summary>
public interface IImportListener
{
    void Failed(ConversationExportException error);
    void Warning(string message);
    /// <summary>The walk is about to start; <paramref name="sidecars"/> is how many it will read (counted, not parsed).</summary>
    void Counted(int sidecars) { }
    void Progress(string sidecarPath, int done, int total) { }
}

/// <summary>
/// Imports a recording folder tree into the catalog (design §2.2). Sidecars are read one folder at
/// a time and written in short transactions, so memory stays flat however large the tree is.
/// </summary>
public sealed class ConversationImporter
{
    private const int BatchSize = 200;

    private readonly ConversationCatalog _catalog;
    private readonly ConversationStore _store;
    private readonly CallerIdentity _caller;

    public ConversationImporter(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _store = new ConversationStore(catalog, AccessScope.Everything);
        _caller = caller;
    }

    public ImportSummary Import(string path, IImportListener listener, bool whatIf = false, CancellationToken cancellation = default)
    {
        var root = Path.GetFullPath(path);
        // Importing writes every user's conversations: an administrator's task (SPEC §12).
        new AccessCatalog(_catalog, _caller).DemandAdministrator("ImportConversation", root, "it writes conversations of every user");
        var summary = new ImportSummary { Path = root, WhatIf = whatIf };
        try
        {
            Walk(root, summary, listener, whatIf, cancellation);
        }
        catch (Exception error) when (!whatIf && error is not ConversationExportException { Kind: ErrorKind.InvalidArgument or ErrorKind.NotFound })
        {
            // A bad path is refused before anything changes; past that, batches committed before the failure stay imported: the entry says how far it got.
            _catalog.AuditFailure(_caller, "ImportConversation", root, Counts(summary), error);
            throw;
        }
        if (!whatIf)
        {
            _catalog.Guard(() =>
            {
                using var connection = _catalog.OpenConnection();
                _catalog.Audit(connection, _caller, "ImportConversation", root, Counts(summary));
                return 0;
            });
        }
        return summary;
    }

    private static string Counts(ImportSummary summary) =>
        $"imported {summary.Imported}, updated {summary.Updated}, unchanged {summary.Unchanged}, failed {summary.Failed}";

    private void Walk(string root, ImportSummary summary, IImportListener listener, bool whatIf, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var pending = new List<Conversation>(BatchSize);
        var firstSidecarOf = new Dictionary<string, string>(StringComparer.Ordinal);
        void Warn(string message)
        {
            summary.Warnings++;
            listener.Warning(message);
        }
        void Orphan(string file) => Warn($"'{file}' has no sidecar naming it in its folder; it was not imported.");
        // A listing pass first (names only, nothing parsed) gives progress a denominator; memory stays flat.
        var total = RecordingFolder.CountSidecars(root, cancellation);
        listener.Counted(total);
        foreach (var result in RecordingFolder.Walk(root, Orphan, Warn, cancellation))
        {
            foreach (var warning in result.Warnings) Warn(warning);
            if (result.Conversation is null)
            {
                summary.Failed++;
                listener.Failed(result.Error!);
                continue;
            }
            // Two sidecars claiming one conversation would overwrite each other on every import and
            // make a recurring export send it again each run; the first one wins, the second is reported.
            // Only ids are kept (tens of bytes each), never the records.
            if (!firstSidecarOf.TryAdd(result.Conversation.ConversationId, result.Path))
            {
                summary.Failed++;
                listener.Failed(new ConversationExportException(ErrorId.SidecarDuplicateId, ErrorKind.InvalidData,
                    $"'{result.Path}' has the conversation id {result.Conversation.ConversationId}, which '{firstSidecarOf[result.Conversation.ConversationId]}' already has; it was not imported.",
                    result.Path));
                continue;
            }
            pending.Add(result.Conversation);
            if (pending.Count == BatchSize) Flush(pending, summary, whatIf);
            listener.Progress(result.Path, summary.Total + pending.Count, total);
        }
        Flush(pending, summary, whatIf);
        summary.Duration = clock.Elapsed;
    }

    private void Flush(List<Conversation> pending, ImportSummary summary, bool whatIf)
    {
        if (pending.Count == 0) return;
        _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = whatIf ? null : _catalog.BeginWrite(connection);
            foreach (var conversation in pending)
            {
                var outcome = whatIf ? _store.Classify(connection, conversation) : _store.Upsert(connection, transaction!, conversation);
                switch (outcome)
                {
                    case UpsertOutcome.Inserted: summary.Imported++; break;
                    case UpsertOutcome.Updated: summary.Updated++; break;
                    default: summary.Unchanged++; break;
                }
            }
            transaction?.Commit();
            return 0;
        });
        pending.Clear();
    }
}
