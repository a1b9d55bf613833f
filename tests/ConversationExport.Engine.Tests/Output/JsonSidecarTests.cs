using System.Text;
using System.Text.Json;
using ConversationExport.Engine.Output;
using static ConversationExport.EngineTests.Output.OutputSamples;

namespace ConversationExport.EngineTests.Output;

/// <summary>The JSON metadata sidecar (seed §4.4): every field, typed, readable by any JSON reader.</summary>
public sealed class JsonSidecarTests
{
    private static byte[] Sidecar(Conversation c, TimeZoneInfo? zone = null) => Bytes(stream => JsonSidecar.Write(stream, c, zone ?? Budapest));

    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(json).RootElement.Clone();

    private const string Describe = """
        import json, sys
        doc = json.load(sys.stdin)
        def kind(v):
            return {bool: 'bool', int: 'int', float: 'float', str: 'str', list: 'list', dict: 'dict', type(None): 'null'}[type(v)]
        print(json.dumps({k: kind(v) for k, v in doc.items()}))
        """;

    [Fact]
    public void Pythons_json_tool_accepts_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"conversation-export-json-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllBytes(path, Sidecar(Call()));
            Python(["-m", "json.tool", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_field_is_there_typed_in_the_column_order()
    {
        var types = JsonSerializer.Deserialize<Dictionary<string, string>>(Python(["-c", Describe], Encoding.UTF8.GetString(Sidecar(Call()))))!;

        Assert.Equal(ConversationColumns.All, types.Keys.Where(ConversationColumns.All.Contains));
        Assert.Empty(types.Keys.Except(ConversationColumns.All).Except(["TimeZone", "DurationSeconds", "LongestSilenceSeconds"]));
        Assert.Equal("int", types["Id"]);
        Assert.Equal("str", types["ConversationId"]);
        Assert.Equal("str", types["StartTime"]);
        Assert.Equal("float", types["DurationSeconds"]);
        Assert.Equal("float", types["SilenceRatio"]);
        Assert.Equal("bool", types["Protected"]);
        Assert.Equal("bool", types["HasQmScorecard"]);
        Assert.Equal("bool", types["LegalHold"]);
        Assert.Equal("list", types["Group"]);
        Assert.Equal("list", types["Labels"]);
        Assert.Equal("list", types["Cases"]);
        Assert.Equal("list", types["Files"]);
    }

    [Fact]
    public void Values_match_the_conversation()
    {
        var json = Parse(Sidecar(Call()));

        Assert.Equal(42, json.GetProperty("Id").GetInt64());
        Assert.Equal("Europe/Budapest", json.GetProperty("TimeZone").GetString());
        Assert.Equal("2026-11-28T10:15:02.123+01:00", json.GetProperty("StartTime").GetString());
        Assert.Equal("2026-11-28T09:15:02.123Z", json.GetProperty("StartTimeUtc").GetString());
        Assert.Equal("2026-11-28T10:21:40.500+01:00", json.GetProperty("EndTime").GetString());
        Assert.Equal("2026-11-28T09:21:40.500Z", json.GetProperty("EndTimeUtc").GetString());
        Assert.Equal("00:06:38.377", json.GetProperty("Duration").GetString());
        Assert.Equal(398.377m, json.GetProperty("DurationSeconds").GetDecimal());
        Assert.Equal(4.2m, json.GetProperty("LongestSilenceSeconds").GetDecimal());
        Assert.Equal(0.12, json.GetProperty("SilenceRatio").GetDouble());
        Assert.Equal("Inbound", json.GetProperty("Direction").GetString());
        Assert.Equal("Voice", json.GetProperty("ConversationType").GetString());
        Assert.Equal("Online", json.GetProperty("Dataset").GetString());
        Assert.True(json.GetProperty("HasQmScorecard").GetBoolean());
        Assert.Equal(["Sales", "Support"], json.GetProperty("Group").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["2026-0017", "2026-0020"], json.GetProperty("Cases").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([("Complaint", true), ("VIP", false)],
            json.GetProperty("Labels").EnumerateArray().Select(e => (e.GetProperty("Name").GetString(), e.GetProperty("LegalHold").GetBoolean())));
        Assert.True(json.GetProperty("LegalHold").GetBoolean());
    }

    [Fact]
    public void Files_are_named_without_the_recording_servers_paths()
    {
        var bytes = Sidecar(Call());
        var files = Parse(bytes).GetProperty("Files").EnumerateArray().ToArray();

        Assert.Equal(2, files.Length);
        Assert.Equal(["Kind", "Name", "Size", "Extension"], files[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("Media", files[0].GetProperty("Kind").GetString());
        Assert.Equal("20261128_091502_3612345678_1234.wav", files[0].GetProperty("Name").GetString());
        Assert.Equal(1_234_567, files[0].GetProperty("Size").GetInt64());
        Assert.Equal("wav", files[0].GetProperty("Extension").GetString());
        Assert.Equal("Transcript", files[1].GetProperty("Kind").GetString());
        Assert.Equal("20261128_091502_3612345678_1234.im", files[1].GetProperty("Name").GetString());
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("/srv/", text);
        Assert.DoesNotContain("rec01\\\\recordings", text);
        Assert.DoesNotContain("SidecarPath", text);
    }

    [Fact]
    public void Absent_values_are_null_and_still_present()
    {
        var json = Parse(Sidecar(Bare()));

        foreach (var name in new[] { "NativeId", "From", "FromInfo", "EndTime", "EndTimeUtc", "EndCause", "SilenceRatio", "LongestSilence", "LongestSilenceSeconds", "MediaFileName" })
            Assert.Equal(JsonValueKind.Null, json.GetProperty(name).ValueKind);
        Assert.Equal(0, json.GetProperty("Files").GetArrayLength());
        Assert.Equal(0m, json.GetProperty("DurationSeconds").GetDecimal());
        Assert.All(ConversationColumns.All, column => Assert.True(json.TryGetProperty(column, out _), column));
    }

    [Fact]
    public void Times_follow_the_task_time_zone()
    {
        var json = Parse(Sidecar(Bare(), ConversationExport.Engine.Export.Naming.ExportTimeZone.Find("Europe/Budapest")));

        // 23:30 UTC is already the next day in Budapest.
        Assert.Equal("2026-11-29T00:30:00.000+01:00", json.GetProperty("StartTime").GetString());
        Assert.Equal("UTC", Parse(Sidecar(Bare(), TimeZoneInfo.Utc)).GetProperty("TimeZone").GetString());
    }

    [Fact]
    public void Text_is_UTF8_without_BOM_and_readable()
    {
        var bytes = Sidecar(Call(c => { c.FromInfo = "Zsófia Kovács"; c.From = "+3612345678"; c.ToInfo = "=HYPERLINK(\"http://x\")\n<b>"; }));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Contains("\"Zsófia Kovács\"", text);
        Assert.Contains("\"+3612345678\"", text);
        // Verbatim values: JSON is no spreadsheet, nothing to neutralize.
        Assert.Equal("=HYPERLINK(\"http://x\")\n<b>", Parse(bytes).GetProperty("ToInfo").GetString());
    }

    [Fact]
    public void The_stream_stays_open()
    {
        using var stream = new MemoryStream();

        JsonSidecar.Write(stream, Call(), Budapest);
        stream.Write("\n"u8);

        Assert.True(stream.CanWrite);
        Assert.Equal(JsonValueKind.Object, Parse(stream.ToArray()).ValueKind);
    }
}
