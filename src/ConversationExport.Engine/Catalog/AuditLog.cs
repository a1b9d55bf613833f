using ConversationExport.Engine.Query;
using ConversationExport.Engine.Security;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

/// <summary>Which audit entries to read (Get-ExportAuditLog); null members do not filter.</summary>
public sealed record AuditFilter(
    DateTime? SinceUtc = null,
    DateTime? UntilUtc = null,
    string? User = null,
    string? Action = null,
    string? Target = null,
    IReadOnlyCollection<AuditOutcome>? Outcome = null,
    long? Last = null,
    long? First = null);

/// <summary>
/// The audit log (SPEC §12): who (principal), on which machine, when (UTC), what (action, target,
/// detail) and with what outcome.
/// <para>
/// What is recorded: every run (its start, its end with its final state, a resume, a stop request, a
/// server joining a shared run), every download and list export, every change to tasks, templates,
/// targets, schedules, permissions and settings, catalog initialization and imports.
/// </para>
/// <para>
/// The outcome rule: an action is recorded once it begins to change something (the catalog, a file, the
/// OS scheduler). It ends in exactly one row: Succeeded, written in the transaction of the change itself;
/// or Failed, written after the change was rolled back, naming the error. Refusals before anything changes
/// (a bad parameter, a name taken or unknown, settings that do not validate) are errors to the caller and
/// not recorded; permission refusals are recorded as Denied. Downloads and list exports take data out, so
/// every attempt is recorded, Succeeded or Failed. A run is recorded by its start and its end:
/// its end is Succeeded when it Completed and Failed otherwise (CompletedWithErrors, Failed, Cancelled,
/// Interrupted — the detail says which). Several servers sharing a run still make one start and one end.
/// </para>
/// The log is append-only: nothing in the engine updates or deletes its rows, and the database refuses
/// both (triggers, per provider).
/// </summary>
public sealed class AuditLog
{
    /// <summary>Rows read per round trip: entries stream without the whole log in memory.</summary>
    private const int PageSize = 500;

    private readonly ConversationCatalog _catalog;
    private readonly CallerIdentity _caller;

    public AuditLog(ConversationCatalog catalog, CallerIdentity caller)
    {
        _catalog = catalog;
        _caller = caller;
    }

    /// <summary>Writes one entry on its own (for actions whose change is not a catalog transaction: a download, a list).</summary>
    public void Record(string action, string? target, string? detail, AuditOutcome outcome = AuditOutcome.Succeeded) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        _catalog.Audit(connection, _caller, action, target, detail, outcome: outcome);
        return 0;
    });

    /// <summary>
    /// Does <paramref name="work"/> and records it: Succeeded with <paramref name="detail"/>, or Failed with the
    /// error (rethrown). How a cmdlet audits an action that writes files rather than catalog rows (Save-Conversation,
    /// Save-ExportArchive, Export-ConversationList).
    /// </summary>
    public T Audited<T>(string action, string? target, string? detail, Func<T> work)
    {
        T result;
        try
        {
            result = work();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _catalog.AuditFailure(_caller, action, target, detail, error);
            throw;
        }
        Record(action, target, detail);
        return result;
    }

    /// <summary>
    /// Entries newest first (oldest first with <see cref="AuditFilter.First"/>), read a page at a time. An
    /// administrator reads every entry; a user only their own, since entries name other users' conversations,
    /// tasks and targets.
    /// </summary>
    public IEnumerable<AuditEntry> Read(AuditFilter filter)
    {
        var reader = new AccessCatalog(_catalog, _caller).DemandUser("GetExportAuditLog", null);
        var onlyOf = reader.IsAdministrator ? null : reader.Name;
        var oldestFirst = filter.First is not null;
        var limit = filter.First ?? filter.Last;
        long? after = null; // the id the next page continues from
        long delivered = 0;
        while (limit is null || delivered < limit)
        {
            var page = ReadPage(filter, onlyOf, oldestFirst, after, (int)Math.Min(PageSize, (limit ?? long.MaxValue) - delivered));
            foreach (var entry in page) yield return entry;
            delivered += page.Count;
            if (page.Count < PageSize) yield break;
            after = page[^1].Id;
        }
    }

    private List<AuditEntry> ReadPage(AuditFilter filter, string? onlyOf, bool oldestFirst, long? after, int size) => _catalog.Guard(() =>
    {
        var dialect = _catalog.Dialect;
        using var connection = _catalog.OpenConnection();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Add(string condition, string name, object value)
        {
            where.Add(condition);
            command.AddParameter(name, value);
        }
        if (after is { } id) Add(oldestFirst ? "id > @after" : "id < @after", "@after", id);
        if (filter.SinceUtc is { } since) Add("time_utc >= @since", "@since", since.ToUnixMilliseconds());
        if (filter.UntilUtc is { } until) Add("time_utc <= @until", "@until", until.ToUnixMilliseconds());
        if (filter.User is { } user) where.Add(Match(command, "principal", user, "@user"));
        if (onlyOf is not null) Add(dialect.TextEquals("principal", "@self"), "@self", onlyOf);
        if (filter.Action is { } action) where.Add(Match(command, "action", action, "@action"));
        if (filter.Target is { } target) where.Add(Match(command, "target", target, "@target"));
        if (filter.Outcome is { Count: > 0 } outcomes)
            where.Add($"outcome IN ({string.Join(", ", outcomes.Distinct().Select((o, i) => { command.AddParameter($"@o{i}", o.ToString()); return $"@o{i}"; }))})");
        var select = "SELECT id, time_utc, principal, machine, action, target, detail, outcome FROM audit_log"
            + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))
            + (oldestFirst ? " ORDER BY id" : " ORDER BY id DESC");
        command.CommandText = dialect.Page(select, size);
        using var reader = command.ExecuteReader();
        var page = new List<AuditEntry>(size);
        while (reader.Read())
            page.Add(new AuditEntry
            {
                Id = reader.GetLong(0),
                TimeUtc = FromUnixMilliseconds(reader.GetLong(1)),
                Principal = reader.GetString(2),
                Machine = reader.GetString(3),
                Action = reader.GetString(4),
                Target = reader.GetNullableString(5),
                Detail = reader.GetNullableString(6),
                Outcome = Enum.TryParse<AuditOutcome>(reader.GetString(7), out var outcome) ? outcome : AuditOutcome.Failed,
            });
        return page;
    });

    /// <summary>A PowerShell wildcard, case-insensitive; without wildcards, an equality.</summary>
    private string Match(System.Data.Common.DbCommand command, string column, string pattern, string parameter)
    {
        var dialect = _catalog.Dialect;
        if (!TextMatch.HasWildcard(pattern))
        {
            command.AddParameter(parameter, string.Concat(TextMatch.Tokenize(pattern).Select(t => t.Char)));
            return dialect.TextEquals(column, parameter);
        }
        var like = QuerySql.LikePattern(pattern, dialect.LikeSpecialCharacters);
        command.AddParameter(parameter, like);
        return dialect.TextLike(column, parameter, escaped: like.Contains('\\'));
    }
}
