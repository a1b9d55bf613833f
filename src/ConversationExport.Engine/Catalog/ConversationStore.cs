using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static ConversationExport.Engine.Catalog.DbExtensions;

namespace ConversationExport.Engine.Catalog;

public enum UpsertOutcome { Inserted, Updated, Unchanged }

/// <summary>Reads and writes conversation records and their child rows.</summary>
public sealed class ConversationStore
{
    private const int BatchSize = 500;

    private const string Columns = """
        id, conversation_id, native_id, from_number, from_info, from_device_id, from_ip,
        to_number, to_info, to_device_id, to_ip, dialed_number, user_name, user_location, extension, user_id,
        start_time_utc, end_time_utc, direction, end_cause, conversation_type, forward_reason, protected,
        encrypted_with, signed_with, has_qm_scorecard, source_platform, imported, silence_ratio, talkover_ratio,
        longest_silence_ms, recording_server, media_file_name, storage_target, dataset, cdr_only, sidecar_path, change_seq
        """;

    private readonly ConversationCatalog _catalog;
    private readonly AccessScope _scope;

    /// <summary>
    /// The conversations <paramref name="caller"/> may see (SPEC §12), after checking <paramref name="permission"/>
    /// when one is named: every read through this store carries the caller's scope in its SQL.
    /// </summary>
    public ConversationStore(ConversationCatalog catalog, Security.CallerIdentity caller, ExportPermission? permission = null, string action = "GetConversation")
    {
        _catalog = catalog;
        var access = new AccessCatalog(catalog, caller);
        _scope = (permission is { } p ? access.Demand(p, action, null) : access.DemandUser(action, null)).Scope;
    }

    /// <summary>A store limited to <paramref name="scope"/>: a run reads with its owner's, an import (administrators only) with everything.</summary>
    internal ConversationStore(ConversationCatalog catalog, AccessScope scope)
    {
        _catalog = catalog;
        _scope = scope;
    }

    /// <summary>
    /// Of <paramref name="conversations"/>, those the store's principal may see, as the catalog holds them now:
    /// objects piped into a cmdlet are never trusted for what they say, only for which conversation they name.
    /// </summary>
    public IReadOnlyList<Conversation> Accessible(IReadOnlyList<Conversation> conversations) =>
        conversations.Select(c => c.ConversationId).Distinct(StringComparer.Ordinal).Chunk(500)
            .SelectMany(chunk => Enumerate(new ConversationSelection(ConversationIds: chunk))).ToList();

    /// <summary>
    /// Inserts or updates one record keyed by ConversationId. A record equal to the stored one is
    /// left alone, so re-importing the same folder changes nothing, not even the change sequence.
    /// </summary>
    public UpsertOutcome Upsert(DbConnection connection, DbTransaction transaction, Conversation conversation)
    {
        var fingerprint = Fingerprint(conversation);
        long? existingId = null;
        using (var find = Command(connection, transaction, "SELECT id, fingerprint FROM conversation WHERE conversation_id = @cid"))
        {
            find.AddParameter("@cid", conversation.ConversationId);
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                if (reader.GetString(1) == fingerprint)
                {
                    conversation.Id = reader.GetLong(0);
                    return UpsertOutcome.Unchanged;
                }
                existingId = reader.GetLong(0);
            }
        }

        // A database that stamps changes itself (SQL Server) gets no change_seq written; the stamp is read back below.
        var stamps = _catalog.Dialect.StampsChangesItself;
        if (!stamps) conversation.ChangeSequence = _catalog.Dialect.NextChangeSequence(connection, transaction);
        if (existingId is { } id)
        {
            using var update = Command(connection, transaction, $"""
                UPDATE conversation SET native_id = @native_id, from_number = @from_number, from_info = @from_info,
                  from_device_id = @from_device_id, from_ip = @from_ip, to_number = @to_number, to_info = @to_info,
                  to_device_id = @to_device_id, to_ip = @to_ip, dialed_number = @dialed_number, user_name = @user_name,
                  user_location = @user_location, extension = @extension, user_id = @user_id, start_time_utc = @start_time_utc,
                  end_time_utc = @end_time_utc, duration_ms = @duration_ms, direction = @direction, end_cause = @end_cause,
                  conversation_type = @conversation_type, forward_reason = @forward_reason, protected = @protected,
                  encrypted_with = @encrypted_with, signed_with = @signed_with, has_qm_scorecard = @has_qm_scorecard,
                  source_platform = @source_platform, imported = @imported, silence_ratio = @silence_ratio,
                  talkover_ratio = @talkover_ratio, longest_silence_ms = @longest_silence_ms, recording_server = @recording_server,
                  media_file_name = @media_file_name, storage_target = @storage_target, dataset = @dataset, cdr_only = @cdr_only,
                  sidecar_path = @sidecar_path, fingerprint = @fingerprint, {(stamps ? "" : "change_seq = @change_seq,")}
                  from_digits = @from_digits, to_digits = @to_digits
                WHERE id = @id
                """);
            AddRecordParameters(update, conversation, fingerprint);
            update.AddParameter("@id", id);
            update.ExecuteNonQuery();
            foreach (var table in new[] { "conversation_group", "conversation_label", "conversation_case", "conversation_file" })
            {
                using var delete = Command(connection, transaction, $"DELETE FROM {table} WHERE conversation_pk = @id");
                delete.AddParameter("@id", id);
                delete.ExecuteNonQuery();
            }
            conversation.Id = id;
        }
        else
        {
            using var insert = Command(connection, transaction, _catalog.Dialect.InsertReturningId("conversation", $"""
                conversation_id, native_id, from_number, from_info, from_device_id, from_ip,
                  to_number, to_info, to_device_id, to_ip, dialed_number, user_name, user_location, extension, user_id,
                  start_time_utc, end_time_utc, duration_ms, direction, end_cause, conversation_type, forward_reason, protected,
                  encrypted_with, signed_with, has_qm_scorecard, source_platform, imported, silence_ratio, talkover_ratio,
                  longest_silence_ms, recording_server, media_file_name, storage_target, dataset, cdr_only, sidecar_path,
                  fingerprint, {(stamps ? "" : "change_seq, ")}from_digits, to_digits
                """, $"""
                @conversation_id, @native_id, @from_number, @from_info, @from_device_id, @from_ip,
                  @to_number, @to_info, @to_device_id, @to_ip, @dialed_number, @user_name, @user_location, @extension, @user_id,
                  @start_time_utc, @end_time_utc, @duration_ms, @direction, @end_cause, @conversation_type, @forward_reason, @protected,
                  @encrypted_with, @signed_with, @has_qm_scorecard, @source_platform, @imported, @silence_ratio, @talkover_ratio,
                  @longest_silence_ms, @recording_server, @media_file_name, @storage_target, @dataset, @cdr_only, @sidecar_path,
                  @fingerprint, {(stamps ? "" : "@change_seq, ")}@from_digits, @to_digits
                """));
            AddRecordParameters(insert, conversation, fingerprint);
            insert.AddParameter("@conversation_id", conversation.ConversationId);
            conversation.Id = Convert.ToInt64(insert.ExecuteScalar());
        }
        if (stamps)
        {
            using var read = Command(connection, transaction, "SELECT change_seq FROM conversation WHERE id = @id");
            read.AddParameter("@id", conversation.Id);
            conversation.ChangeSequence = Convert.ToInt64(read.ExecuteScalar());
        }
        InsertChildren(connection, transaction, conversation);
        return existingId is null ? UpsertOutcome.Inserted : UpsertOutcome.Updated;
    }

    /// <summary>What an upsert of <paramref name="conversation"/> would do, without writing.</summary>
    public UpsertOutcome Classify(DbConnection connection, Conversation conversation)
    {
        using var find = Command(connection, null, "SELECT fingerprint FROM conversation WHERE conversation_id = @cid");
        find.AddParameter("@cid", conversation.ConversationId);
        return find.ExecuteScalar() switch
        {
            null => UpsertOutcome.Inserted,
            string stored when stored == Fingerprint(conversation) => UpsertOutcome.Unchanged,
            _ => UpsertOutcome.Updated,
        };
    }

    /// <summary>
    /// Streams the selected conversations through one forward-only statement, loading child rows a
    /// batch at a time: memory stays flat and the work is one pass however large the result
    /// (re-querying page by page would rescan every earlier match). The connection stays open
    /// while the caller enumerates; SQLite catalogs run in WAL mode, so writers are not blocked.
    /// </summary>
    public IEnumerable<Conversation> Enumerate(ConversationSelection selection, CancellationToken cancellation = default)
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "");
        var direction = selection.Descending ? "DESC" : "ASC";
        var order = selection.OrderBy == ConversationOrder.StartTime ? $"start_time_utc {direction}, id {direction}" : $"id {direction}";
        command.CommandText = _catalog.Dialect.Page(
            $"SELECT {Columns} FROM conversation{Where(selection with { NowUtc = selection.NowUtc ?? DateTime.UtcNow }, command)} ORDER BY {order}", selection.First, selection.Skip);

        using var reader = _catalog.Guard(command.ExecuteReader);
        // Child rows come through a second connection: a server connection runs one statement at a time,
        // and this one is busy streaming the conversations.
        using var children = _catalog.OpenConnection();
        var batch = new List<Conversation>(BatchSize);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            batch.Clear();
            _catalog.Guard(() =>
            {
                while (batch.Count < BatchSize && reader.Read()) batch.Add(ReadRecord(reader));
                if (batch.Count > 0) LoadChildren(children, batch);
                return 0;
            });
            foreach (var conversation in batch) yield return conversation;
            if (batch.Count < BatchSize) yield break;
        }
    }

    /// <summary>How many conversations the selection holds (ignores First and Skip).</summary>
    public long Count(ConversationSelection selection) => _catalog.Guard(() =>
    {
        using var connection = _catalog.OpenConnection();
        using var command = Command(connection, null, "");
        command.CommandText = $"SELECT COUNT(*) FROM conversation{Where(selection, command)}";
        return Convert.ToInt64(command.ExecuteScalar());
    });

    /// <summary>" WHERE …" for the selection, or nothing: SQLite counts a whole table fastest without a WHERE clause.</summary>
    private string Where(ConversationSelection selection, DbCommand command)
    {
        var conditions = new List<string>();
        if (_scope.Condition(_catalog.Dialect, command) is { } scope) conditions.Add("(" + scope + ")");
        if (selection.Query is { Criteria.Length: > 0 } query)
            conditions.Add(QuerySql.Where(_catalog.Dialect, command, query, selection.NowUtc ?? DateTime.UtcNow));
        if (selection.Ids is { Count: > 0 } ids)
        {
            conditions.Add($"id IN ({string.Join(", ", ids.Select((_, i) => "@id" + i))})");
            for (var i = 0; i < ids.Count; i++) command.AddParameter("@id" + i, ids[i]);
        }
        // An incremental run: what changed after the task's watermark, up to a committed bound, and not yet delivered by the task.
        if (selection.ChangedAfter is { } after)
        {
            conditions.Add("change_seq > @changed_after");
            command.AddParameter("@changed_after", after);
        }
        if (selection.ChangedUpTo is { } upTo)
        {
            conditions.Add("change_seq <= @changed_up_to");
            command.AddParameter("@changed_up_to", upTo);
        }
        if (selection.NotDeliveredByTask is { } task)
        {
            conditions.Add("NOT EXISTS (SELECT 1 FROM task_export t WHERE t.task_id = @delivered_task AND t.conversation_pk = conversation.id)");
            command.AddParameter("@delivered_task", task);
        }
        if (selection.ConversationIds is { Count: > 0 } cids)
        {
            conditions.Add($"conversation_id IN ({string.Join(", ", cids.Select((_, i) => "@cid" + i))})");
            for (var i = 0; i < cids.Count; i++) command.AddParameter("@cid" + i, cids[i]);
        }
        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    private static Conversation ReadRecord(DbDataReader r) => new()
    {
        Id = r.GetLong(0),
        ConversationId = r.GetString(1),
        NativeId = r.GetNullableString(2),
        From = r.GetNullableString(3),
        FromInfo = r.GetNullableString(4),
        FromDeviceId = r.GetNullableString(5),
        FromIp = r.GetNullableString(6),
        To = r.GetNullableString(7),
        ToInfo = r.GetNullableString(8),
        ToDeviceId = r.GetNullableString(9),
        ToIp = r.GetNullableString(10),
        DialedNumber = r.GetNullableString(11),
        User = r.GetNullableString(12),
        UserLocation = r.GetNullableString(13),
        Extension = r.GetNullableString(14),
        UserId = r.GetNullableString(15),
        StartTimeUtc = DbExtensions.FromUnixMilliseconds(r.GetLong(16)),
        EndTimeUtc = r.IsDBNull(17) ? null : DbExtensions.FromUnixMilliseconds(r.GetLong(17)),
        Direction = Enum.Parse<Direction>(r.GetString(18)),
        EndCause = r.GetNullableString(19),
        ConversationType = Enum.Parse<ConversationType>(r.GetString(20)),
        ForwardReason = r.GetNullableString(21),
        Protected = r.GetLong(22) != 0,
        EncryptedWithCertificate = r.GetNullableString(23),
        SignedWithCertificate = r.GetNullableString(24),
        HasQmScorecard = r.GetLong(25) != 0,
        SourcePlatform = r.GetNullableString(26),
        Imported = r.GetLong(27) != 0,
        SilenceRatio = r.IsDBNull(28) ? null : r.GetDouble(28),
        TalkoverRatio = r.IsDBNull(29) ? null : r.GetDouble(29),
        LongestSilence = r.IsDBNull(30) ? null : TimeSpan.FromMilliseconds(r.GetLong(30)),
        RecordingServer = r.GetNullableString(31),
        MediaFileName = r.GetNullableString(32),
        StorageTarget = r.GetNullableString(33),
        Dataset = Enum.Parse<Dataset>(r.GetString(34)),
        CdrOnly = r.GetLong(35) != 0,
        SidecarPath = r.GetNullableString(36),
        ChangeSequence = r.GetLong(37),
    };

    private static void LoadChildren(DbConnection connection, List<Conversation> page)
    {
        var byId = page.ToDictionary(c => c.Id);
        var inList = string.Join(", ", page.Select(c => c.Id));  // integers from our own reader: no injection surface
        var groups = new Dictionary<long, List<string>>();
        var labels = new Dictionary<long, List<ConversationLabel>>();
        var cases = new Dictionary<long, List<string>>();
        var files = new Dictionary<long, List<ConversationFile>>();

        ReadChildren(connection, $"SELECT conversation_pk, group_name FROM conversation_group WHERE conversation_pk IN ({inList}) ORDER BY conversation_pk, group_name",
            r => Add(groups, r.GetLong(0), r.GetString(1)));
        ReadChildren(connection, $"SELECT conversation_pk, label, legal_hold FROM conversation_label WHERE conversation_pk IN ({inList}) ORDER BY conversation_pk, label",
            r => Add(labels, r.GetLong(0), new ConversationLabel(r.GetString(1), r.GetLong(2) != 0)));
        ReadChildren(connection, $"SELECT conversation_pk, case_number FROM conversation_case WHERE conversation_pk IN ({inList}) ORDER BY conversation_pk, case_number",
            r => Add(cases, r.GetLong(0), r.GetString(1)));
        ReadChildren(connection, $"SELECT conversation_pk, kind, location, size, extension FROM conversation_file WHERE conversation_pk IN ({inList}) ORDER BY conversation_pk, ordinal",
            r => Add(files, r.GetLong(0), new ConversationFile
            {
                Kind = Enum.Parse<ConversationFileKind>(r.GetString(1)),
                Location = r.GetString(2),
                Size = r.GetLong(3),
                Extension = r.GetString(4),
            }));

        foreach (var (id, conversation) in byId)
        {
            if (groups.TryGetValue(id, out var g)) conversation.Group = [.. g];
            if (labels.TryGetValue(id, out var l)) conversation.Labels = [.. l];
            if (cases.TryGetValue(id, out var c)) conversation.Cases = [.. c];
            if (files.TryGetValue(id, out var f)) conversation.Files = [.. f];
        }
    }

    private static void ReadChildren(DbConnection connection, string sql, Action<DbDataReader> row)
    {
        using var command = Command(connection, null, sql);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }

    private static void Add<T>(Dictionary<long, List<T>> map, long key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }

    private static void InsertChildren(DbConnection connection, DbTransaction transaction, Conversation c)
    {
        foreach (var group in c.Group.Distinct(StringComparer.Ordinal))
            Insert(connection, transaction, "INSERT INTO conversation_group (conversation_pk, group_name) VALUES (@pk, @a)", c.Id, group);
        foreach (var label in c.Labels.DistinctBy(l => l.Name, StringComparer.Ordinal))
            Insert(connection, transaction, "INSERT INTO conversation_label (conversation_pk, label, legal_hold) VALUES (@pk, @a, @b)", c.Id, label.Name, label.LegalHold ? 1 : 0);
        foreach (var caseNumber in c.Cases.Distinct(StringComparer.Ordinal))
            Insert(connection, transaction, "INSERT INTO conversation_case (conversation_pk, case_number) VALUES (@pk, @a)", c.Id, caseNumber);
        for (var i = 0; i < c.Files.Length; i++)
        {
            var f = c.Files[i];
            Insert(connection, transaction, "INSERT INTO conversation_file (conversation_pk, ordinal, kind, location, size, extension) VALUES (@pk, @a, @b, @c, @d, @e)",
                c.Id, i, f.Kind.ToString(), f.Location, f.Size, f.Extension);
        }
    }

    private static void Insert(DbConnection connection, DbTransaction transaction, string sql, long pk, params object?[] values)
    {
        using var command = Command(connection, transaction, sql);
        command.AddParameter("@pk", pk);
        var names = new[] { "@a", "@b", "@c", "@d", "@e" };
        for (var i = 0; i < values.Length; i++) command.AddParameter(names[i], values[i]);
        command.ExecuteNonQuery();
    }

    private static void AddRecordParameters(DbCommand command, Conversation c, string fingerprint)
    {
        command.AddParameter("@native_id", c.NativeId);
        command.AddParameter("@from_number", c.From);
        command.AddParameter("@from_info", c.FromInfo);
        command.AddParameter("@from_device_id", c.FromDeviceId);
        command.AddParameter("@from_ip", c.FromIp);
        command.AddParameter("@to_number", c.To);
        command.AddParameter("@to_info", c.ToInfo);
        command.AddParameter("@to_device_id", c.ToDeviceId);
        command.AddParameter("@to_ip", c.ToIp);
        command.AddParameter("@dialed_number", c.DialedNumber);
        command.AddParameter("@user_name", c.User);
        command.AddParameter("@user_location", c.UserLocation);
        command.AddParameter("@extension", c.Extension);
        command.AddParameter("@user_id", c.UserId);
        command.AddParameter("@start_time_utc", c.StartTimeUtc.ToUnixMilliseconds());
        command.AddParameter("@end_time_utc", c.EndTimeUtc?.ToUnixMilliseconds());
        command.AddParameter("@duration_ms", (long)c.Duration.TotalMilliseconds);
        command.AddParameter("@direction", c.Direction.ToString());
        command.AddParameter("@end_cause", c.EndCause);
        command.AddParameter("@conversation_type", c.ConversationType.ToString());
        command.AddParameter("@forward_reason", c.ForwardReason);
        command.AddParameter("@protected", c.Protected ? 1 : 0);
        command.AddParameter("@encrypted_with", c.EncryptedWithCertificate);
        command.AddParameter("@signed_with", c.SignedWithCertificate);
        command.AddParameter("@has_qm_scorecard", c.HasQmScorecard ? 1 : 0);
        command.AddParameter("@source_platform", c.SourcePlatform);
        command.AddParameter("@imported", c.Imported ? 1 : 0);
        command.AddParameter("@silence_ratio", c.SilenceRatio);
        command.AddParameter("@talkover_ratio", c.TalkoverRatio);
        command.AddParameter("@longest_silence_ms", c.LongestSilence is { } s ? (long)s.TotalMilliseconds : null);
        command.AddParameter("@recording_server", c.RecordingServer);
        command.AddParameter("@media_file_name", c.MediaFileName);
        command.AddParameter("@storage_target", c.StorageTarget);
        command.AddParameter("@dataset", c.Dataset.ToString());
        command.AddParameter("@cdr_only", c.CdrOnly ? 1 : 0);
        command.AddParameter("@sidecar_path", c.SidecarPath);
        command.AddParameter("@fingerprint", fingerprint);
        command.AddParameter("@change_seq", c.ChangeSequence);
        command.AddParameter("@from_digits", Query.QueryField.DigitCount(c.From));
        command.AddParameter("@to_digits", Query.QueryField.DigitCount(c.To));
    }


    /// <summary>A digest of everything a sidecar says, so an unchanged re-import is recognised without comparing field by field.</summary>
    internal static string Fingerprint(Conversation c)
    {
        var id = c.Id;
        var sequence = c.ChangeSequence;
        c.Id = 0;
        c.ChangeSequence = 0;
        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(c);
            return Convert.ToHexString(SHA256.HashData(json));
        }
        finally
        {
            c.Id = id;
            c.ChangeSequence = sequence;
        }
    }
}

/// <summary>Which conversations to read, in what order. <see cref="NowUtc"/> anchors RecentThan/OlderThan (default: the clock).</summary>
public sealed record ConversationSelection(
    ConversationQuery? Query = null,
    IReadOnlyList<long>? Ids = null,
    IReadOnlyList<string>? ConversationIds = null,
    long? First = null,
    long Skip = 0,
    ConversationOrder OrderBy = ConversationOrder.Id,
    bool Descending = false,
    DateTime? NowUtc = null,
    long? ChangedAfter = null,
    long? ChangedUpTo = null,
    long? NotDeliveredByTask = null);
