using ConversationExport.Engine.Catalog;
using ConversationExport.Engine.Export;
using ConversationExport.Engine.Import;
using ConversationExport.Engine.Query;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Export;

/// <summary>
/// Recurring exports (SPEC §6.2): scheduled runs take what changed since the task's watermark and
/// was never delivered by the task, so every matching conversation is exported exactly once,
/// whenever it reaches the catalog.
/// </summary>
[Trait("Catalog", "AnyProvider")]
public sealed class IncrementalRunTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ConversationCatalog _catalog;
    private readonly RecordingTree _recordings;
    private readonly ExportRunner _runner;
    private readonly TaskCatalog _tasks;
    private int _next;

    public IncrementalRunTests()
    {
        _catalog = TestCatalog.Create(_temp);
        _recordings = new RecordingTree(_temp.Combine("recordings"));
        _runner = new ExportRunner(_catalog, Callers.Alice) { Parallelism = 2 };
        _tasks = new TaskCatalog(_catalog, Callers.Alice);
        Directory.CreateDirectory(_temp.Combine("vault"));
        _tasks.AddTarget("Vault", StorageTargetType.FileSystem, _temp.Combine("vault"), null);
        _tasks.AddTask("Nightly", enabled: true, new ExportSettings
        {
            StorageTarget = "Vault",
            ArchiveMethod = ArchiveMethod.None,
            RenamePattern = "{ConversationId}",
            NoSubfolders = true,
            MetadataFormat = [],
            CdrFormat = [],
            Query = QueryBuilder.Query([QueryBuilder.Criterion("Direction", "In", ["Inbound"])]),
        });
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes and imports recordings; returns their ids. Inbound ones match the task's query.</summary>
    private List<string> Import(int count, string start = "2026-11-28T09:15:02.123Z", string direction = "Inbound")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var n = ++_next;
            var id = $"{n:00000000}-2222-4222-8222-222222222222";
            _recordings.WriteMedia($"batch/{n}.wav", 32 + n);
            _recordings.WriteSidecar($"batch/{n}.xml", Sidecar.Minimal(id, $"<direction>{direction}</direction>" + Sidecar.Files(("Media", $"{n}.wav")), start));
            ids.Add(id);
        }
        var listener = new CollectingListener();
        new ConversationImporter(_catalog, Callers.Alice).Import(_recordings.Root, listener);
        Assert.Empty(listener.Failures);
        return ids;
    }

    private ExportRun RunScheduled() => Run(_runner.StartScheduled("Nightly").RunId);

    private ExportRun Run(long runId) => _runner.RunAsync(runId, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Every conversation id delivered so far, once per delivered media file (duplicates stay visible).</summary>
    private List<string> Delivered() => Directory.EnumerateFiles(_temp.Combine("vault"), "*.wav", SearchOption.AllDirectories)
        .Select(Path.GetFileNameWithoutExtension).Select(n => n!).Order().ToList();

    [Fact]
    public void Each_scheduled_run_exports_only_what_no_earlier_run_delivered()
    {
        var first = Import(3);
        Import(2, direction: "Outbound"); // never matches

        var run1 = RunScheduled();
        Assert.Equal((RunState.Completed, 3L), (run1.State, run1.Exported));

        // Imported late: started a month ago, but new to the catalog.
        var late = Import(2, start: "2026-10-01T08:00:00.000Z");
        var run2 = RunScheduled();
        Assert.Equal(2, run2.Exported);

        var run3 = RunScheduled();
        Assert.Equal((RunState.Completed, 0L), (run3.State, run3.Exported));

        Assert.Equal(first.Concat(late).Order().ToList(), Delivered());
    }

    [Fact]
    public void A_conversation_changed_after_export_is_not_exported_again()
    {
        var ids = Import(2);
        RunScheduled();
        // A re-import with a changed sidecar gives the record a new change sequence.
        File.WriteAllText(Path.Combine(_recordings.Root, "batch", "1.xml"),
            Sidecar.Minimal(ids[0], "<direction>Inbound</direction><labels><label>VIP</label></labels>" + Sidecar.Files(("Media", "1.wav"))));
        Import(0);

        var again = RunScheduled();

        Assert.Equal(0, again.Exported);
        Assert.Equal(ids.Order().ToList(), Delivered());
    }

    [Fact]
    public void A_conversation_imported_while_a_run_goes_is_exported_by_the_next_run()
    {
        var before = Import(2);
        var start = _runner.StartScheduled("Nightly");
        var during = Import(2); // after the snapshot, before the run writes anything
        var run = Run(start.RunId);
        Assert.Equal(2, run.Exported);

        var next = RunScheduled();

        Assert.Equal(2, next.Exported);
        Assert.Equal(before.Concat(during).Order().ToList(), Delivered());
    }

    [Fact]
    public void A_hand_started_run_of_a_plain_task_still_exports_the_full_selection()
    {
        Import(2);
        RunScheduled();

        var full = Run(_runner.StartTask("Nightly", ExportRunner.ManualTrigger));

        Assert.Equal(2, full.Exported);
    }

    [Fact]
    public void An_unfinished_run_is_resumed_by_the_next_scheduled_start_then_given_up_after_the_attempts()
    {
        var ids = Import(3);
        var runs = new RunCatalog(_catalog);
        var first = _runner.StartScheduled("Nightly").RunId;
        // As if its process had died before the first batch: Failed, nothing delivered.
        runs.Finish(first, RunState.Failed, "the share went away", dropItems: false);

        var resumed = _runner.StartScheduled("Nightly");
        Assert.True(resumed.Resumed);
        Assert.Equal(first, resumed.RunId);
        runs.Finish(first, RunState.Failed, "the share went away again", dropItems: false);

        // MaxResumeAttempts is 3 by default: two more resumes, then a new run takes over.
        Assert.True(_runner.StartScheduled("Nightly").Resumed);
        runs.Finish(first, RunState.Failed, "again", dropItems: false);
        Assert.True(_runner.StartScheduled("Nightly").Resumed);
        runs.Finish(first, RunState.Failed, "again", dropItems: false);

        var fresh = _runner.StartScheduled("Nightly");
        Assert.False(fresh.Resumed);
        Assert.NotEqual(first, fresh.RunId);
        Assert.Contains("given up", fresh.Warning);
        var run = Run(fresh.RunId);
        Assert.Equal(3, run.Exported);
        Assert.Equal(ids.Order().ToList(), Delivered());
        Assert.Contains("Given up", runs.Get(first).Run.Message);
    }

    [Fact]
    public void A_given_up_run_resumed_by_hand_skips_what_the_newer_run_delivered()
    {
        var ids = Import(3);
        var runs = new RunCatalog(_catalog);
        _tasks.UpdateTask("Nightly", enabled: true, _tasks.GetTask("Nightly").Settings with { MaxResumeAttempts = 0 });
        var first = _runner.StartScheduled("Nightly").RunId;
        runs.Finish(first, RunState.Failed, "the share went away", dropItems: false);
        RunScheduled(); // gives the first up at once and delivers all three

        var old = Run(_runner.PrepareResume(first, null));

        Assert.Equal((0L, 3L), (old.Exported, old.Skipped));
        Assert.Equal(ids.Order().ToList(), Delivered());
    }

    /// <summary>
    /// SPEC §2.4 on a server: another program's long insert transaction (begun first, committed last) and a
    /// later writer that commits before it. The run between the two commits must not move the watermark past
    /// the open transaction's change, or that conversation would never be exported.
    /// </summary>
    [PostgreSqlFact]
    [Trait("Catalog", "PostgreSqlOnly")]
    public void A_writer_that_commits_after_a_later_writer_is_exported_exactly_once()
    {
        var before = Import(1);
        var media = _recordings.WriteMedia("external/long.wav", 77);
        var longId = "aaaaaaaa-0000-4000-8000-000000000001";
        using var external = TestPostgres.Open(_catalog.Info);
        using (var transaction = external.BeginTransaction())
        {
            Execute(external, transaction, $"""
                INSERT INTO conversation (conversation_id, start_time_utc, duration_ms, direction, conversation_type, protected, has_qm_scorecard,
                                          imported, dataset, cdr_only, fingerprint, change_seq)
                VALUES ('{longId}', 1764321302123, 1000, 'Inbound', 'Voice', 0, 0, 1, 'Online', 0, 'external', 0)
                """);
            Execute(external, transaction, $"""
                INSERT INTO conversation_file (conversation_pk, ordinal, kind, location, size, extension)
                SELECT id, 0, 'Media', '{media}', 77, 'wav' FROM conversation WHERE conversation_id = '{longId}'
                """);

            var later = Import(1); // begins after the external transaction and commits before it
            var whileOpen = RunScheduled();
            Assert.Equal(before.Order().ToList(), Delivered());
            Assert.Equal(1, whileOpen.Exported);

            transaction.Commit();
            var afterCommit = RunScheduled();
            Assert.Equal(2, afterCommit.Exported);
            Assert.Equal(0, RunScheduled().Exported);
            Assert.Equal(before.Concat(later).Append(longId).Order().ToList(), Delivered());
        }
    }

    private static void Execute(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, string sql)
    {
        using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
