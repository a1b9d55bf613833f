using System.Diagnostics;
using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Security;

namespace ConversationExport.Engine.Import;

/// <summary>Where the importer reports per-file problems; called on the importing thread.</summary>
public interface IImportListener
{
    void Failed(ConversationExportException error);
    void Warning(string message);
    void Progress(string sidecarPath, int done) { }
}

/// <summary>
/// Imports a recording folder tree into the catalog (SPEC §2.2). Sidecars are read one folder at
/// a time and written in short transactions, so memory stays flat however large the tree is.
/// </summary>
public sealed class ConversationImporter
{
    private const int BatchSize = 200;
    private static readonly string[] NotMedia = [".xml", ".tmp", ".partial"];

    private readonly ConversationCatalog _catalog;
    private readonly ConversationStore _store;
    private readonly CallerIdentity _caller;

    public ConversationImporter(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _store = new ConversationStore(catalog);
        _caller = caller;
    }

    public ImportSummary Import(string path, IImportListener listener, bool whatIf = false, CancellationToken cancellation = default)
    {
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
            throw new ConversationExportException(ErrorId.ImportPathNotFound, ErrorKind.NotFound,
                $"The recording folder '{root}' does not exist or is not a folder.", root);

        var summary = new ImportSummary { Path = root, WhatIf = whatIf };
        var clock = Stopwatch.StartNew();
        var pending = new List<Conversation>(BatchSize);
        foreach (var folder in FoldersUnder(root))
        {
            cancellation.ThrowIfCancellationRequested();
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sidecar in SortedFiles(folder, "*.xml"))
            {
                // A media file named like its sidecar belongs to it even when the sidecar is broken:
                // one error for that sidecar is the truth, an extra "orphan" warning would not be.
                referenced.Add(Path.ChangeExtension(sidecar, null));
                var result = SidecarReader.Read(sidecar, root);
                foreach (var warning in result.Warnings)
                {
                    summary.Warnings++;
                    listener.Warning(warning);
                }
                if (result.Conversation is null)
                {
                    summary.Failed++;
                    listener.Failed(result.Error!);
                    continue;
                }
                foreach (var file in result.Conversation.Files) referenced.Add(file.Location);
                pending.Add(result.Conversation);
                if (pending.Count == BatchSize) Flush(pending, summary, whatIf);
                listener.Progress(sidecar, summary.Total + pending.Count);
            }
            foreach (var orphan in SortedFiles(folder, "*").Where(f => !NotMedia.Contains(Path.GetExtension(f).ToLowerInvariant()) && !referenced.Contains(f) && !referenced.Contains(Path.ChangeExtension(f, null))))
            {
                summary.Warnings++;
                listener.Warning($"'{orphan}' has no sidecar naming it in its folder; it was not imported.");
            }
        }
        Flush(pending, summary, whatIf);
        summary.Duration = clock.Elapsed;

        if (!whatIf)
        {
            _catalog.Guard(() =>
            {
                using var connection = _catalog.OpenConnection();
                _catalog.Audit(connection, _caller, "ImportConversations", root,
                    $"imported {summary.Imported}, updated {summary.Updated}, unchanged {summary.Unchanged}, failed {summary.Failed}");
                return 0;
            });
        }
        return summary;
    }

    private void Flush(List<Conversation> pending, ImportSummary summary, bool whatIf)
    {
        if (pending.Count == 0) return;
        _catalog.Guard(() =>
        {
            using var connection = _catalog.OpenConnection();
            using var transaction = whatIf ? null : connection.BeginTransaction();
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

    private static IEnumerable<string> FoldersUnder(string root)
    {
        // Depth-first, sorted: deterministic order and only one folder's listing in memory per level.
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var folder = stack.Pop();
            yield return folder;
            foreach (var child in Directory.EnumerateDirectories(folder).OrderByDescending(d => d, StringComparer.Ordinal))
                stack.Push(child);
        }
    }

    private static IEnumerable<string> SortedFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal);
}
