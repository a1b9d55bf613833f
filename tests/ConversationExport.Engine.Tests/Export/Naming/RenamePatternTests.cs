using ConversationExport.Engine.Export.Naming;
using ConversationExport.EngineTests.Support;
using static ConversationExport.EngineTests.Export.Naming.NamingSamples;

namespace ConversationExport.EngineTests.Export.Naming;

/// <summary>Rename Files (seed §4.1): tokens, formats, the task's time zone, and bad patterns refused up front.</summary>
public sealed class RenamePatternTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly TimeZoneInfo Budapest = ExportTimeZone.Find("Europe/Budapest");

    public void Dispose() => _temp.Dispose();

    private static string Render(string pattern, Conversation? c = null, TimeZoneInfo? zone = null, long counter = 7) =>
        RenamePattern.Parse(pattern).Render(c ?? Call(), zone ?? TimeZoneInfo.Utc, counter);

    // --- every token ---

    [Theory]
    [InlineData("{ConversationId}", "c-0001")]
    [InlineData("{NativeId}", "native-77")]
    [InlineData("{StartTime}", "20261128_090507")]
    [InlineData("{Duration}", "125")]
    [InlineData("{From}", "+3612345678")]
    [InlineData("{FromInfo}", "Jane Doe")]
    [InlineData("{To}", "+3687654321")]
    [InlineData("{ToInfo}", "John Roe")]
    [InlineData("{User}", "jane.doe")]
    [InlineData("{UserId}", "u-42")]
    [InlineData("{Extension}", "1234")]
    [InlineData("{Direction}", "Inbound")]
    [InlineData("{Type}", "Voice")]
    [InlineData("{Server}", "rec-bud-01")]
    [InlineData("{OriginalName}", "20261128090507_c-0001")]
    [InlineData("{Counter}", "7")]
    public void Every_token_renders_its_field(string pattern, string expected)
    {
        // A literal keeps patterns whose token may be empty acceptable as file names.
        Assert.Equal("x " + expected, Render("x " + pattern));
    }

    [Fact]
    public void The_accepted_token_list_covers_every_token_of_the_SPEC()
    {
        foreach (var token in new[] { "ConversationId", "StartTime", "From", "To", "User", "Direction", "Duration", "Type", "Server", "OriginalName", "Counter" })
            Assert.Contains(RenamePattern.AcceptedTokens, t => t.StartsWith("{" + token + "}", StringComparison.Ordinal) || t.StartsWith("{" + token + "[", StringComparison.Ordinal));
    }

    [Fact]
    public void Token_names_ignore_case()
    {
        Assert.Equal("c-0001_Inbound", Render("{conversationid}_{DIRECTION}"));
    }

    [Fact]
    public void The_SPEC_example_pattern_renders_literal_text_and_tokens()
    {
        Assert.Equal("20261128_090507_+3612345678_to_+3687654321", Render("{StartTime:yyyyMMdd_HHmmss}_{From}_to_{To}"));
    }

    [Fact]
    public void Double_braces_write_literal_braces()
    {
        Assert.Equal("{c-0001}", Render("{{{ConversationId}}}"));
        Assert.Equal("{x}", Render("{{x}}"));
    }

    [Fact]
    public void A_slash_in_the_pattern_makes_subfolders_but_a_slash_in_a_value_does_not()
    {
        var c = Call(x => x.User = "sales/jane");

        Assert.Equal("sales_jane/c-0001", Render("{User}/{ConversationId}", c));
        Assert.Equal("Inbound/Voice/c-0001", Render("{Direction}\\{Type}/{ConversationId}", c));
    }

    [Fact]
    public void A_folder_whose_tokens_are_empty_becomes_an_underscore()
    {
        Assert.Equal("_/c-0001", Render("{User}/{ConversationId}", Call(x => x.User = null)));
    }

    // --- the default pattern ---

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_a_pattern_the_original_media_name_is_kept(string? pattern)
    {
        var renamePattern = RenamePattern.Parse(pattern);

        Assert.True(renamePattern.IsDefault);
        Assert.Equal("20261128090507_c-0001", renamePattern.Render(Call(), Budapest, 1));
    }

    [Fact]
    public void Without_a_pattern_a_CDR_only_record_is_named_by_its_ConversationId()
    {
        var cdrOnly = Call(x => { x.CdrOnly = true; x.MediaFileName = null; x.Files = []; });

        Assert.Equal("c-0001", RenamePattern.Default.Render(cdrOnly, TimeZoneInfo.Utc, 1));
        Assert.Equal("c-0001", RenamePattern.OriginalName(cdrOnly));
    }

    [Fact]
    public void OriginalName_falls_back_to_the_transcript_and_reads_Windows_locations_on_any_OS()
    {
        var im = Call(x =>
        {
            x.MediaFileName = null;
            x.Files = [new ConversationFile { Kind = ConversationFileKind.Transcript, Location = @"D:\rec\chat 17.im", Extension = "im" }];
        });

        Assert.Equal("chat 17", RenamePattern.OriginalName(im));
    }

    // --- start time, zone, duration, counter ---

    [Fact]
    public void StartTime_is_rendered_in_the_task_time_zone()
    {
        var late = Call(x => x.StartTimeUtc = new DateTime(2026, 11, 28, 23, 30, 0, DateTimeKind.Utc));

        Assert.Equal("20261129_003000", Render("{StartTime}", late, Budapest));
        Assert.Equal("20261128_233000", Render("{StartTime}", late, TimeZoneInfo.Utc));
        Assert.Equal("20261129_003000", Render("{StartTime}", late, ExportTimeZone.Find("W. Europe Standard Time")));
    }

    [Theory]
    [InlineData("{StartTime:yyyy-MM-dd HH.mm.ss}", "2026-11-28 10.05.07")]
    [InlineData("{StartTime:yyyyMMdd}", "20261128")]
    [InlineData("{StartTime:HHmmss.fff}", "100507.000")]
    [InlineData("{StartTime:HH:mm}", "10_05")]
    [InlineData("{StartTime:yyyy/MM}", "2026_11")]
    [InlineData("{StartTime:zzz}", "+01_00")]
    [InlineData("{StartTime:o}", "2026-11-28T10_05_07.0000000+01_00")]
    [InlineData("{StartTime:yyyy}/{StartTime:MM}/{ConversationId}", "2026/11/c-0001")]
    public void StartTime_takes_a_dotnet_format(string pattern, string expected) =>
        Assert.Equal(expected, Render(pattern, zone: Budapest));

    [Theory]
    // Spring forward 2026-03-29 01:00 UTC: 02:00-03:00 local does not exist.
    [InlineData(2026, 3, 29, 0, 59, "20260329_015900+01_00")]
    [InlineData(2026, 3, 29, 1, 0, "20260329_030000+02_00")]
    // Fall back 2026-10-25 01:00 UTC: 02:30 local happens twice, the offset tells them apart.
    [InlineData(2026, 10, 25, 0, 30, "20261025_023000+02_00")]
    [InlineData(2026, 10, 25, 1, 30, "20261025_023000+01_00")]
    public void StartTime_follows_summer_time_changes(int y, int mo, int d, int h, int mi, string expected)
    {
        var c = Call(x => x.StartTimeUtc = new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc));
        Assert.Equal(expected, Render("{StartTime:yyyyMMdd_HHmmsszzz}", c, Budapest));
    }

    [Theory]
    [InlineData("{Duration}", "125")]
    [InlineData("{Duration:hhmmss}", "000205")]
    [InlineData("{Duration:hh\\_mm\\_ss}", "00_02_05")]
    [InlineData("{Duration:000000}", "000125")]
    public void Duration_is_whole_seconds_or_a_TimeSpan_format(string pattern, string expected) =>
        Assert.Equal("d" + expected, Render("d" + pattern));

    [Fact]
    public void Duration_of_a_conversation_without_end_is_zero()
    {
        Assert.Equal("0", Render("{Duration}", Call(x => x.EndTimeUtc = null)));
    }

    [Fact]
    public void Counter_takes_a_number_format()
    {
        Assert.Equal("000042", Render("{Counter:000000}", counter: 42));
        Assert.Equal("1234567", Render("{Counter}", counter: 1234567));
    }

    // --- hostile values ---

    [Theory]
    [MemberData(nameof(HostileData), MemberType = typeof(NamingSamples))]
    public void A_hostile_value_never_escapes_the_export_root(string value)
    {
        var c = Call(x =>
        {
            x.From = value; x.FromInfo = value; x.To = value; x.User = value; x.RecordingServer = value; x.NativeId = value;
            x.ConversationId = value.Length == 0 ? "c" : value;
            x.MediaFileName = value + ".wav";
        });
        string?[] patterns = [null, "{User}/{FromInfo}_{From}", "x{FromInfo}", "{Server}/{User}/{To}/{ConversationId}", "{User}{Counter}", "{NativeId}/{OriginalName}"];

        foreach (var pattern in patterns)
        {
            var namer = ExportFileNamer.Create(pattern, "Europe/Budapest", noSubfolders: false);
            // The base with the counter a collision adds, and the "_2" of a second media file (ExportPlan.Names).
            var basePath = namer.RelativeBase(c, 1);
            foreach (var path in new[] { basePath + ".wav", basePath + "_1.wav", basePath + "_1_2.wav", basePath + ".xml", basePath + ".json" })
            {
                Assert.True(ExportPath.IsSafeRelative(path), $"'{path}' from '{pattern}' is not safe");
                Assert.True(ExportPath.IsInside(_temp.Root, path), $"'{path}' from '{pattern}' leaves the root");
                Assert.False(Path.IsPathRooted(path));
                Assert.DoesNotContain(':', path);
                Assert.DoesNotContain('\\', path);
                Assert.True(path.Length <= ExportPath.MaxRelativePathLength, $"{path.Length} characters");
                Assert.StartsWith("2026/11/28/", path);
                foreach (var segment in path.Split('/'))
                {
                    Assert.NotEmpty(segment);
                    Assert.NotEqual("..", segment);
                    Assert.NotEqual(".", segment);
                    Assert.False(ExportPath.IsReservedDeviceName(segment), $"'{segment}' is a device name");
                }

                // And this OS agrees: the file can be created, and it is where we think it is.
                var full = Path.GetFullPath(Path.Combine(_temp.Root, path));
                Assert.StartsWith(_temp.Root + Path.DirectorySeparatorChar, full, StringComparison.Ordinal);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, "x");
                Assert.True(File.Exists(full));
            }
        }
    }

    // --- bad patterns ---

    [Theory]
    [InlineData("{Foo}", "'{Foo}' is not a token")]
    [InlineData("{StartTime}_{Caller}", "'{Caller}' is not a token")]
    [InlineData("{}", "'{}' is not a token")]
    [InlineData("{ConversationId", "not closed")]
    [InlineData("{Conversation{Id}}", "not closed")]
    [InlineData("ConversationId}", "closes no token")]
    [InlineData("{StartTime:Z}", "'Z' in '{StartTime:Z}' is not a valid format")]
    [InlineData("{StartTime:}", "empty format")]
    [InlineData("{Duration:hh_mm}", "'hh_mm' in '{Duration:hh_mm}' is not a valid format")]
    [InlineData("{Counter:Q}", "'Q' in '{Counter:Q}' is not a valid format")]
    [InlineData("{From:yyyy}", "{From} takes no format")]
    [InlineData("{From}", "could be empty when {From} has no value")]
    [InlineData("{From}{To}", "could be empty when {From} and {To} have no value")]
    [InlineData("{ConversationId}/{User}", "could be empty when {User}")]
    [InlineData("{User}/", "ends with a folder separator")]
    [InlineData("{User}//{ConversationId}", "empty folder name")]
    [InlineData("/{ConversationId}", "absolute path")]
    [InlineData("\\{ConversationId}", "absolute path")]
    [InlineData("../{ConversationId}", "'..' is empty once Windows drops")]
    [InlineData("{ConversationId}/..", "'..' is empty once Windows drops")]
    [InlineData("C:/{ConversationId}", "':'")]
    [InlineData("{From} -> {To}", "'>'")]
    [InlineData("{ConversationId}\t", "U+0009")]
    [InlineData("a/b/c/d/e/f/g/h/{ConversationId}", "levels of subfolders")]
    public void A_bad_pattern_is_refused_naming_the_fault_and_listing_the_tokens(string pattern, string fault)
    {
        var e = Assert.Throws<ConversationExportException>(() => RenamePattern.Parse(pattern));

        Assert.Equal(ErrorId.RenamePatternInvalid, e.Id);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(pattern, e.Target);
        Assert.Contains($"'{pattern}'", e.Message);
        Assert.Contains(fault, e.Message);
        foreach (var token in RenamePattern.AcceptedTokens) Assert.Contains(token, e.Message);
    }

    [Fact]
    public void A_pattern_keeps_its_text()
    {
        Assert.Equal("{User}/{ConversationId}", RenamePattern.Parse("{User}/{ConversationId}").Text);
        Assert.Equal("", RenamePattern.Parse(null).Text);
    }
}
