using ConversationExport.Engine.Import;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Import;

/// <summary>The recording sidecar (SPEC §2.3) into a conversation record (SPEC §2.1).</summary>
public sealed class SidecarReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly RecordingTree _recordings;

    public SidecarReaderTests() => _recordings = new RecordingTree(_temp.Combine("recordings"));

    public void Dispose() => _temp.Dispose();

    private SidecarReadResult Read(string sidecar) => SidecarReader.Read(sidecar, _recordings.Root);

    private Conversation ReadGood(string sidecar)
    {
        var result = Read(sidecar);
        Assert.Null(result.Error);
        Assert.Empty(result.Warnings);
        return result.Conversation!;
    }

    /// <summary>The SPEC §2.3 example with its audio and transcript, in a day folder.</summary>
    internal static string WriteSpecExample(RecordingTree recordings)
    {
        recordings.WriteMedia($"2026/11/28/{Sidecar.SpecExampleMedia}", 4096);
        recordings.WriteMedia($"2026/11/28/{Sidecar.SpecExampleTranscript}", 321);
        return recordings.WriteSidecar("2026/11/28/20261128_091502_3612345678_1234.xml", Sidecar.SpecExample);
    }

    [Fact]
    public void The_spec_example_maps_to_every_field_of_the_conversation_record()
    {
        var sidecar = WriteSpecExample(_recordings);
        var folder = Path.GetDirectoryName(sidecar)!;

        var c = ReadGood(sidecar);

        Assert.Equal(Sidecar.SpecExampleId, c.ConversationId);
        Assert.Equal("CISCO-778812", c.NativeId);
        Assert.Equal(ConversationType.Voice, c.ConversationType);
        Assert.Equal("Cisco", c.SourcePlatform);
        Assert.Equal(Direction.Inbound, c.Direction);
        Assert.Equal(new DateTime(2026, 11, 28, 9, 15, 2, 123, DateTimeKind.Utc), c.StartTimeUtc);
        Assert.Equal(DateTimeKind.Utc, c.StartTimeUtc.Kind);
        Assert.Equal(new DateTime(2026, 11, 28, 9, 21, 40, 500, DateTimeKind.Utc), c.EndTimeUtc);
        Assert.Equal(new TimeSpan(0, 0, 6, 38, 377), c.Duration);
        Assert.Equal("Normal", c.EndCause);
        Assert.Equal("Transferred", c.ForwardReason);
        // From is the caller's number, FromInfo the caller's name; To and ToInfo the called party's.
        Assert.Equal(("+3612345678", "Jane Caller", "SEP001122334455", "192.0.2.5"), (c.From, c.FromInfo, c.FromDeviceId, c.FromIp));
        Assert.Equal(("1234", "Agent Smith", "SEP00AABBCCDDEE", "192.0.2.9"), (c.To, c.ToInfo, c.ToDeviceId, c.ToIp));
        Assert.Equal("+3612345000", c.DialedNumber);
        Assert.Equal(("jsmith", "A-1001", "Budapest", "1234"), (c.User, c.UserId, c.UserLocation, c.Extension));
        Assert.Equal(["Sales", "Support"], c.Group);
        Assert.Equal("rec01.example.local", c.RecordingServer);
        Assert.Equal("Primary", c.StorageTarget);
        Assert.Equal(Dataset.Online, c.Dataset);
        Assert.False(c.Protected);
        Assert.False(c.CdrOnly);
        Assert.False(c.Imported);
        Assert.Equal("CN=Recording Encryption 2026", c.EncryptedWithCertificate);
        Assert.Equal("CN=Recording Signing 2026", c.SignedWithCertificate);
        Assert.True(c.HasQmScorecard);
        Assert.Equal(0.12, c.SilenceRatio);
        Assert.Equal(0.03, c.TalkoverRatio);
        Assert.Equal(TimeSpan.FromMilliseconds(4200), c.LongestSilence);
        Assert.Equal([("Complaint", true), ("VIP", false)], c.Labels.Select(l => (l.Name, l.LegalHold)));
        Assert.Equal(["2026-0017"], c.Cases);
        Assert.Equal(Sidecar.SpecExampleMedia, c.MediaFileName);
        Assert.Equal(
            [
                (ConversationFileKind.Media, Path.Combine(folder, Sidecar.SpecExampleMedia), 4096L, "wav"),
                (ConversationFileKind.Transcript, Path.Combine(folder, Sidecar.SpecExampleTranscript), 321L, "im"),
            ],
            c.Files.Select(f => (f.Kind, f.Location, f.Size, f.Extension)));
        Assert.Equal(sidecar, c.SidecarPath);
        Assert.Equal(0, c.Id);
        Assert.Equal(0, c.ChangeSequence);
    }

    [Fact]
    public void Flags_and_choices_the_spec_example_leaves_at_their_defaults_are_read_too()
    {
        var sidecar = _recordings.WriteSidecar("archived.xml", Sidecar.Minimal("archived", """
            <type>TraderVoice</type><direction>Outbound</direction><dataset>Archived</dataset>
            <protected>true</protected><cdrOnly>1</cdrOnly><imported>TRUE</imported><qmScorecard>false</qmScorecard>
            """));

        var c = ReadGood(sidecar);

        Assert.Equal(ConversationType.TraderVoice, c.ConversationType);
        Assert.Equal(Direction.Outbound, c.Direction);
        Assert.Equal(Dataset.Archived, c.Dataset);
        Assert.True(c.Protected);
        Assert.True(c.CdrOnly);
        Assert.True(c.Imported);
        Assert.False(c.HasQmScorecard);
    }

    [Fact]
    public void Optional_elements_may_be_absent()
    {
        var sidecar = _recordings.WriteSidecar("bare.xml", Sidecar.Minimal("bare"));

        var c = ReadGood(sidecar);

        Assert.Equal("bare", c.ConversationId);
        Assert.Equal(ConversationType.Voice, c.ConversationType);
        Assert.Equal(Direction.Unknown, c.Direction);
        Assert.Equal(Dataset.Online, c.Dataset);
        Assert.Null(c.EndTimeUtc);
        Assert.Equal(TimeSpan.Zero, c.Duration);
        Assert.Null(c.From);
        Assert.Null(c.User);
        Assert.Null(c.SilenceRatio);
        Assert.Null(c.LongestSilence);
        Assert.Empty(c.Group);
        Assert.Empty(c.Labels);
        Assert.Empty(c.Files);
        Assert.Null(c.MediaFileName);
    }

    [Fact]
    public void File_extensions_are_recorded_in_lower_case()
    {
        _recordings.WriteMedia("LOUD.WAV", 10);
        var sidecar = _recordings.WriteSidecar("LOUD.xml", Sidecar.Minimal("loud", Sidecar.Files(("Media", "LOUD.WAV"))));

        var file = Assert.Single(ReadGood(sidecar).Files);

        Assert.Equal("wav", file.Extension);
        Assert.Equal(_temp.Combine("recordings", "LOUD.WAV"), file.Location);
    }

    [Fact]
    public void A_file_in_a_sibling_folder_inside_the_import_root_is_allowed()
    {
        _recordings.WriteMedia("media/call.wav", 10);
        var sidecar = _recordings.WriteSidecar("metadata/call.xml", Sidecar.Minimal("sibling", Sidecar.Files(("Media", "../media/call.wav"))));

        var file = Assert.Single(ReadGood(sidecar).Files);

        Assert.Equal(_temp.Combine("recordings", "media", "call.wav"), file.Location);
    }

    [Fact]
    public void A_file_in_a_folder_whose_name_only_starts_like_the_import_root_is_outside_it()
    {
        File.WriteAllText(_temp.Combine("recordings-private.wav"), "not yours");
        Directory.CreateDirectory(_temp.Combine("recordings-private"));
        File.WriteAllText(_temp.Combine("recordings-private", "secret.wav"), "not yours");
        var sidecar = _recordings.WriteSidecar("sneaky.xml", Sidecar.Minimal("sneaky", Sidecar.Files(("Media", "../recordings-private/secret.wav"))));

        var result = Read(sidecar);

        Assert.Equal(ErrorId.SidecarFileOutsideRoot, result.Error?.Id);
    }

    [Fact]
    public void An_absolute_file_path_is_refused_even_inside_the_import_root()
    {
        var media = _recordings.WriteMedia("call.wav", 10);
        var sidecar = _recordings.WriteSidecar("absolute.xml", Sidecar.Minimal("absolute", Sidecar.Files(("Media", media))));

        Assert.Equal(ErrorId.SidecarFileOutsideRoot, Read(sidecar).Error?.Id);
    }

    [Fact]
    public void A_sidecar_without_the_namespace_is_still_a_conversation()
    {
        var sidecar = _recordings.WriteSidecar("plain.xml", "<conversation><id>plain</id><start>2026-11-28T09:15:02Z</start><direction>Internal</direction></conversation>");

        var c = ReadGood(sidecar);

        Assert.Equal(Direction.Internal, c.Direction);
    }

    [Fact]
    public void A_conversation_in_another_namespace_is_not_a_sidecar()
    {
        var sidecar = _recordings.WriteSidecar("foreign.xml", """<conversation xmlns="urn:example:chat"><id>x</id><start>2026-11-28T09:15:02Z</start></conversation>""");

        var result = Read(sidecar);

        Assert.Null(result.Conversation);
        Assert.Equal(ErrorId.SidecarNotConversation, result.Error?.Id);
        Assert.Contains(sidecar, result.Error!.Message);
    }

    [Theory]
    [InlineData("<end>2026-11-28T09:00:00Z</end>")]                       // before <start>
    [InlineData("""<analytics silenceRatio="1.5"/>""")]
    [InlineData("""<analytics longestSilence="4.2 seconds"/>""")]
    [InlineData("<protected>maybe</protected>")]
    [InlineData("<dataset>Cold</dataset>")]
    [InlineData("<type>Fax</type>")]
    [InlineData("""<labels><label legalHold="yes">Complaint</label></labels>""")]
    [InlineData("""<files><file kind="Media"> </file></files>""")]
    [InlineData("""<files><file kind="Audio">x.wav</file></files>""")]
    public void A_value_outside_the_format_is_refused_with_SidecarInvalidValue(string content)
    {
        _recordings.WriteMedia("x.wav", 10);
        var sidecar = _recordings.WriteSidecar("bad.xml", Sidecar.Minimal("bad", content));

        var result = Read(sidecar);

        Assert.Null(result.Conversation);
        Assert.Equal(ErrorId.SidecarInvalidValue, result.Error?.Id);
        Assert.Contains(sidecar, result.Error!.Message);
    }

    /// <summary>
    /// "Sideways" and "2" are refused today; "Internal,Inbound" and "+2" are not. Enum.TryParse reads a
    /// comma list as OR-ed flags (Internal|Inbound = 3 = Outbound) and a signed number as a value,
    /// and the reader only guards a leading digit, so both come out as a real direction.
    /// </summary>
    [Theory]
    [InlineData("Sideways")]
    [InlineData("2")]
    [InlineData("Internal,Inbound")]
    [InlineData("+2")]
    public void A_direction_that_is_not_one_of_the_names_is_refused(string direction)
    {
        var sidecar = _recordings.WriteSidecar("direction.xml", Sidecar.Minimal("direction", $"<direction>{direction}</direction>"));

        var result = Read(sidecar);

        Assert.Equal(ErrorId.SidecarInvalidValue, result.Error?.Id);
        Assert.Null(result.Conversation);
    }
}
