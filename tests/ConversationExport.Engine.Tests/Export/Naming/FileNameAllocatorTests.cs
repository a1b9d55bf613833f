using ConversationExport.Engine.Export.Naming;
using static ConversationExport.EngineTests.Export.Naming.NamingSamples;

namespace ConversationExport.EngineTests.Export.Naming;

/// <summary>Collisions get a counter (seed §4.1 Rename Files), the same way every time.</summary>
public sealed class FileNameAllocatorTests
{
    [Fact]
    public void Colliding_names_get_counters_before_the_extension()
    {
        var allocator = new FileNameAllocator();

        Assert.Equal("a/x.wav", allocator.Allocate("a/x.wav"));
        Assert.Equal("a/x_1.wav", allocator.Allocate("a/x.wav"));
        Assert.Equal("a/x_2.wav", allocator.Allocate("a/x.wav"));
        Assert.Equal("b/x.wav", allocator.Allocate("b/x.wav"));
        Assert.Equal("a/noext", allocator.Allocate("a/noext"));
        Assert.Equal("a/noext_1", allocator.Allocate("a/noext"));
        Assert.Equal("a.b/noext", allocator.Allocate("a.b/noext"));
    }

    [Fact]
    public void Names_differing_only_in_case_or_normal_form_collide()
    {
        var allocator = new FileNameAllocator();

        Assert.Equal("Jane/Call.wav", allocator.Allocate("Jane/Call.wav"));
        Assert.Equal("jane/CALL_1.WAV", allocator.Allocate("jane/CALL.WAV"));
        Assert.Equal("Ren\u00E9.wav", allocator.Allocate("Ren\u00E9.wav"));
        Assert.Equal("Rene\u0301_1.wav", allocator.Allocate("Rene\u0301.wav"));
    }

    [Fact]
    public void A_name_that_looks_like_a_counted_one_is_not_reused()
    {
        var allocator = new FileNameAllocator();

        Assert.Equal("x_1.wav", allocator.Allocate("x_1.wav"));
        Assert.Equal("x.wav", allocator.Allocate("x.wav"));
        Assert.Equal("x_2.wav", allocator.Allocate("x.wav"));
    }

    [Fact]
    public void The_same_order_gives_the_same_names()
    {
        var bases = Enumerable.Range(0, 500).Select(i => $"2026/11/{i % 3:00}/{(i % 7 == 0 ? "X" : "x")}{i % 5}").ToArray();

        string[] Run()
        {
            var allocator = new FileNameAllocator();
            return bases.SelectMany(b => allocator.AllocateGroup(b, ["wav", "xml"])).ToArray();
        }

        var first = Run();
        Assert.Equal(first, Run());
        Assert.Equal(first.Length, first.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_files_of_one_conversation_share_a_base_and_a_second_media_file_gets_2()
    {
        var allocator = new FileNameAllocator();

        // Extensions keep their case; "WAV" still counts as a second wav.
        Assert.Equal(["d/x.wav", "d/x_2.WAV", "d/x.im", "d/x.xml", "d/x.csv", "d/x.json"],
            allocator.AllocateGroup("d/x", ["wav", "WAV", "im", "xml", "csv", ".json"]));
        // Another conversation with the same base moves as a whole.
        Assert.Equal(["d/x_1.wav", "d/x_1_2.wav", "d/x_1.xml"], allocator.AllocateGroup("d/x", ["wav", "wav", "xml"]));
    }

    [Fact]
    public void A_base_belongs_to_one_conversation_even_when_the_extensions_differ()
    {
        var allocator = new FileNameAllocator();

        Assert.Equal(["x.im"], allocator.AllocateGroup("x", ["im"]));
        Assert.Equal(["x_1.wav"], allocator.AllocateGroup("x", ["wav"]));
    }

    [Fact]
    public void A_resumed_run_keeps_delivered_names_and_continues_as_an_uninterrupted_run_would()
    {
        var bases = Enumerable.Range(0, 40).Select(i => $"call{i % 4}").ToArray();
        var uninterrupted = new FileNameAllocator();
        var expected = bases.Select(b => uninterrupted.AllocateGroup(b, ["wav", "json"])).ToArray();

        var delivered = expected.Take(25).SelectMany(p => p).ToArray();
        var resumed = new FileNameAllocator(delivered);
        var rest = bases.Skip(25).Select(b => resumed.AllocateGroup(b, ["wav", "json"])).ToArray();

        Assert.Equal(expected.Skip(25), rest);
        Assert.True(resumed.IsTaken("CALL0.WAV"));
    }

    [Fact]
    public void The_taken_set_can_be_supplied_by_the_caller()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { FileNameAllocator.Key("a/x.wav"), FileNameAllocator.Key("a/x") + "/" };
        var allocator = new FileNameAllocator(keys);

        Assert.Equal("a/x_1.wav", allocator.Allocate("a/x.wav"));
        Assert.Contains("A/X_1.WAV", keys);
    }

    [Fact]
    public void Many_identical_names_are_numbered_in_order_without_gaps()
    {
        var allocator = new FileNameAllocator();

        var names = Enumerable.Range(0, 20_000).Select(_ => allocator.AllocateGroup("recording", ["wav", "json"])[0]).ToArray();

        Assert.Equal("recording.wav", names[0]);
        Assert.Equal("recording_19999.wav", names[^1]);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    // --- the naming of a run, end to end ---

    [Fact]
    public void A_run_names_media_and_sidecars_alike_in_dated_folders_of_the_task_zone()
    {
        var namer = ExportFileNamer.Create("{StartTime:HHmmss}_{From}", "Europe/Budapest", noSubfolders: false);
        var late = Call(x => x.StartTimeUtc = new DateTime(2026, 11, 28, 23, 30, 0, DateTimeKind.Utc));

        Assert.Equal(["2026/11/29/003000_+3612345678.wav", "2026/11/29/003000_+3612345678.xml"], namer.Name(late, 1, ["wav", "xml"]));
        Assert.Equal(["2026/11/29/003000_+3612345678_1.wav", "2026/11/29/003000_+3612345678_1.xml"], namer.Name(late, 2, ["wav", "xml"]));
    }

    [Fact]
    public void Without_subfolders_every_file_is_at_the_top()
    {
        var namer = ExportFileNamer.Create(null, null, noSubfolders: true);

        Assert.Equal(["20261128090507_c-0001.wav", "20261128090507_c-0001.json"], namer.Name(Call(), 1, ["wav", "json"]));
    }

    [Fact]
    public void Bad_task_settings_are_refused_when_the_namer_is_made()
    {
        Assert.Equal(ErrorId.RenamePatternInvalid, Assert.Throws<ConversationExportException>(() => ExportFileNamer.Create("{Nope}", "UTC", false)).Id);
        Assert.Equal(ErrorId.TimeZoneNotFound, Assert.Throws<ConversationExportException>(() => ExportFileNamer.Create(null, "Nowhere/Town", false)).Id);
    }
}
