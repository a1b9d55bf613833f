using ConversationExport.Engine.Export.Naming;
using static ConversationExport.EngineTests.Export.Naming.NamingSamples;

namespace ConversationExport.EngineTests.Export.Naming;

/// <summary>Where a run puts a conversation's files: dated folders in the task's zone, the rename pattern.</summary>
public sealed class ExportFileNamerTests
{
    // --- the naming of a run, end to end ---

    [Fact]
    public void A_run_names_files_in_dated_folders_of_the_task_zone()
    {
        var namer = ExportFileNamer.Create("{StartTime:HHmmss}_{From}", "Europe/Budapest", noSubfolders: false);
        var late = Call(x => x.StartTimeUtc = new DateTime(2026, 11, 28, 23, 30, 0, DateTimeKind.Utc));

        Assert.Equal("2026/11/29/003000_+3612345678", namer.RelativeBase(late, 1));
    }

    [Fact]
    public void Without_subfolders_every_file_is_at_the_top()
    {
        var namer = ExportFileNamer.Create(null, null, noSubfolders: true);

        Assert.Equal("20261128090507_c-0001", namer.RelativeBase(Call(), 1));
    }

    [Fact]
    public void Bad_task_settings_are_refused_when_the_namer_is_made()
    {
        Assert.Equal(ErrorId.RenamePatternInvalid, Assert.Throws<ConversationExportException>(() => ExportFileNamer.Create("{Nope}", "UTC", false)).Id);
        Assert.Equal(ErrorId.TimeZoneNotFound, Assert.Throws<ConversationExportException>(() => ExportFileNamer.Create(null, "Nowhere/Town", false)).Id);
    }
}
