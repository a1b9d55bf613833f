using ConversationExport.Engine.Export.Naming;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Export.Naming;

/// <summary>Layout (SPEC §5) and names valid on Windows and Unix at once, never outside the export root.</summary>
public sealed class ExportPathTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly TimeZoneInfo Budapest = ExportTimeZone.Find("Europe/Budapest");

    public void Dispose() => _temp.Dispose();

    private static DateTime Utc(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    // --- date folders ---

    [Fact]
    public void A_conversation_at_23_30_UTC_lands_in_the_next_days_folder_for_Budapest()
    {
        Assert.Equal("2026/11/29", ExportPath.DateFolder(Utc(2026, 11, 28, 23, 30), Budapest));
        Assert.Equal("2026/11/28", ExportPath.DateFolder(Utc(2026, 11, 28, 23, 30), TimeZoneInfo.Utc));
    }

    [Fact]
    public void The_date_folder_follows_the_zone_across_a_year_end_westwards()
    {
        Assert.Equal("2025/12/31", ExportPath.DateFolder(Utc(2026, 1, 1, 5, 0), ExportTimeZone.Find("America/Los_Angeles")));
    }

    [Theory]
    // Summer time: 22:30 UTC is already 00:30 the next day (+2); in winter it is 23:30 (+1).
    [InlineData(2026, 7, 15, 22, 30, "2026/07/16")]
    [InlineData(2026, 1, 15, 22, 30, "2026/01/15")]
    // Last Sunday of October: clocks go back at 01:00 UTC; 22:30 UTC the day before is still summer time.
    [InlineData(2026, 10, 24, 22, 30, "2026/10/25")]
    [InlineData(2026, 10, 25, 22, 30, "2026/10/25")]
    // Last Sunday of March: clocks go forward at 01:00 UTC.
    [InlineData(2026, 3, 28, 23, 30, "2026/03/29")]
    [InlineData(2026, 3, 29, 22, 30, "2026/03/30")]
    public void The_date_folder_respects_summer_time(int y, int mo, int d, int h, int mi, string expected) =>
        Assert.Equal(expected, ExportPath.DateFolder(Utc(y, mo, d, h, mi), Budapest));

    [Fact]
    public void Times_of_unspecified_kind_from_the_catalog_are_taken_as_UTC()
    {
        var unspecified = new DateTime(2026, 11, 28, 23, 30, 0, DateTimeKind.Unspecified);
        Assert.Equal("2026/11/29", ExportPath.DateFolder(unspecified, Budapest));
    }

    // --- sanitizing one segment ---

    [Theory]
    [InlineData("plain name", "plain name")]
    [InlineData("a<b>c:d\"e/f\\g|h?i*j", "a_b_c_d_e_f_g_h_i_j")]
    [InlineData("name:stream", "name_stream")]
    [InlineData("a\0b\tc\u007F", "a_b_c_")]
    [InlineData("..", "_")]
    [InlineData(".", "_")]
    [InlineData("...", "_")]
    [InlineData("", "_")]
    [InlineData("   ", "_")]
    [InlineData("trailing dots...", "trailing dots")]
    [InlineData("trailing space . . ", "trailing space")]
    [InlineData("  leading", "leading")]
    [InlineData(".hidden", "_.hidden")]
    [InlineData("CON", "_CON")]
    [InlineData("con", "_con")]
    [InlineData("Con.txt", "_Con.txt")]
    [InlineData("aux.wav", "_aux.wav")]
    [InlineData("NUL .txt", "_NUL .txt")]
    [InlineData("prn.tar.gz", "_prn.tar.gz")]
    [InlineData("COM1", "_COM1")]
    [InlineData("com0", "_com0")]
    [InlineData("LPT9.log", "_LPT9.log")]
    [InlineData("COM\u00B9", "_COM\u00B9")]
    [InlineData("CONIN$", "_CONIN$")]
    [InlineData("CONSOLE", "CONSOLE")]
    [InlineData("COM10", "COM10")]
    [InlineData("LPTX", "LPTX")]
    [InlineData("xcon", "xcon")]
    [InlineData("gnp\u202Eexe.wav", "gnp_exe.wav")]
    [InlineData("☎️📞 Jane 👩‍💻", "☎️📞 Jane 👩‍💻")]
    [InlineData("e\u0301", "\u00E9")]
    public void Sanitize_makes_a_name_valid_on_Windows_and_Unix(string input, string expected) =>
        Assert.Equal(expected, ExportPath.Sanitize(input));

    [Fact]
    public void Sanitize_caps_the_length_and_keeps_a_short_extension()
    {
        var name = ExportPath.Sanitize(new string('x', 500) + ".wav");

        Assert.Equal(ExportPath.MaxSegmentLength, name.Length);
        Assert.EndsWith("x.wav", name);
    }

    [Fact]
    public void Sanitize_never_cuts_an_emoji_in_half()
    {
        var name = ExportPath.Sanitize(string.Concat(Enumerable.Repeat("a📞", 200)));

        Assert.True(name.Length <= ExportPath.MaxSegmentLength);
        Assert.False(char.IsHighSurrogate(name[^1]));
        Assert.Equal(name, name.Normalize());
        Assert.DoesNotContain('\uFFFD', System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(name)));
    }

    [Theory]
    [MemberData(nameof(NamingSamples.HostileData), MemberType = typeof(NamingSamples))]
    public void Sanitize_gives_a_safe_segment_and_is_idempotent(string value)
    {
        var name = ExportPath.Sanitize(value);

        Assert.True(ExportPath.IsSafeRelative(name), $"'{name}' is not a safe relative path");
        Assert.DoesNotContain('/', name);
        Assert.Equal(name, ExportPath.Sanitize(name));
    }

    // --- combining ---

    [Fact]
    public void Combine_puts_the_date_folder_first_and_the_extension_last()
    {
        Assert.Equal("2026/11/29/Jane/x.wav", ExportPath.Combine("2026/11/29", "Jane/x", "wav"));
        Assert.Equal("2026/11/29/Jane/x.wav", ExportPath.Combine("2026/11/29", "Jane/x", ".wav"));
        Assert.Equal("x.json", ExportPath.Combine(null, "x", "json"));
        Assert.Equal("x", ExportPath.Combine(null, "x", ""));
        Assert.Equal("_/_CON.wav", ExportPath.Combine(null, "../CON", "wav"));
    }

    [Fact]
    public void Combine_keeps_the_whole_path_within_the_limit_with_room_for_a_counter()
    {
        var deep = string.Join('/', Enumerable.Range(0, 7).Select(i => new string((char)('a' + i), 120)));

        var path = ExportPath.Combine("2026/11/29", deep, "json");

        Assert.True(path.Length + 12 <= ExportPath.MaxRelativePathLength, $"{path.Length} characters");
        Assert.StartsWith("2026/11/29/", path);
        Assert.EndsWith(".json", path);
        Assert.Equal(10, path.Split('/').Length);
        Assert.True(ExportPath.IsSafeRelative(path));
    }

    // --- the last guard ---

    [Theory]
    [InlineData("2026/11/29/x.wav")]
    [InlineData("x.wav")]
    [InlineData(".hidden")]
    [InlineData("_CON.wav")]
    public void IsInside_accepts_a_plain_relative_path(string relative)
    {
        Assert.True(ExportPath.IsInside(_temp.Root, relative));
        Assert.True(ExportPath.IsInside(_temp.Root + Path.DirectorySeparatorChar, relative));
    }

    [Theory]
    [InlineData("../x.wav")]
    [InlineData("a/../../x.wav")]
    [InlineData("a/../x.wav")]
    [InlineData("..")]
    [InlineData("./x.wav")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\x")]
    [InlineData("C:x")]
    [InlineData("\\\\server\\share\\x")]
    [InlineData("//server/share/x")]
    [InlineData("a\\..\\..\\x")]
    [InlineData("x.wav:stream")]
    [InlineData("CON")]
    [InlineData("a/aux.wav")]
    [InlineData("a//b")]
    [InlineData("a/b.")]
    [InlineData("a/b ")]
    [InlineData("")]
    [InlineData("a\0b")]
    public void IsInside_refuses_anything_that_could_leave_the_root_or_name_a_device(string relative) =>
        Assert.False(ExportPath.IsInside(_temp.Root, relative));

    [Fact]
    public void IsInside_refuses_a_sibling_folder_that_shares_the_roots_name_as_prefix()
    {
        var sibling = Path.GetFileName(_temp.Root) + "-other";
        Assert.False(ExportPath.IsInside(_temp.Root, "../" + sibling + "/x.wav"));
    }
}
