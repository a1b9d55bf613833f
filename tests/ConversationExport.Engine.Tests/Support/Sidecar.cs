namespace ConversationExport.EngineTests.Support;

/// <summary>Recording sidecars as a recording server writes them (SPEC §2.3), as text.</summary>
internal static class Sidecar
{
    public const string Namespace = "urn:conversation-export:recording:1";
    public const string SpecExampleId = "9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d";
    public const string SpecExampleMedia = "20261128_091502_3612345678_1234.wav";
    public const string SpecExampleTranscript = "20261128_091502_3612345678_1234.im";

    /// <summary>The example of SPEC §2.3, comments and all.</summary>
    public const string SpecExample = """
        <conversation xmlns="urn:conversation-export:recording:1">
          <id>9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d</id>      <!-- ConversationId, required -->
          <nativeId>CISCO-778812</nativeId>
          <type>Voice</type>                                  <!-- ConversationType -->
          <platform>Cisco</platform>                          <!-- SourcePlatform -->
          <direction>Inbound</direction>
          <start>2026-11-28T09:15:02.123Z</start>             <!-- required, UTC -->
          <end>2026-11-28T09:21:40.500Z</end>
          <endCause>Normal</endCause>
          <forwardReason>Transferred</forwardReason>
          <from number="+3612345678" info="Jane Caller" deviceId="SEP001122334455" ip="192.0.2.5"/>
          <to number="1234" info="Agent Smith" deviceId="SEP00AABBCCDDEE" ip="192.0.2.9"/>
          <dialedNumber>+3612345000</dialedNumber>
          <user name="jsmith" id="A-1001" location="Budapest" extension="1234">
            <group>Sales</group><group>Support</group>
          </user>
          <recordingServer>rec01.example.local</recordingServer>
          <storageTarget>Primary</storageTarget>
          <dataset>Online</dataset>                           <!-- Online | Archived -->
          <protected>false</protected>
          <cdrOnly>false</cdrOnly>
          <imported>false</imported>
          <encryptedWith>CN=Recording Encryption 2026</encryptedWith>
          <signedWith>CN=Recording Signing 2026</signedWith>
          <qmScorecard>true</qmScorecard>
          <analytics silenceRatio="0.12" talkoverRatio="0.03" longestSilence="PT4.2S"/>
          <labels><label legalHold="true">Complaint</label><label>VIP</label></labels>
          <cases><case>2026-0017</case></cases>
          <files>                                             <!-- relative to the sidecar's folder -->
            <file kind="Media">20261128_091502_3612345678_1234.wav</file>
            <file kind="Transcript">20261128_091502_3612345678_1234.im</file>
          </files>
        </conversation>
        """;

    /// <summary>A &lt;conversation&gt; document in the recording namespace around <paramref name="content"/>.</summary>
    public static string Document(string content) => $"""<conversation xmlns="{Namespace}">{content}</conversation>""";

    /// <summary>The two required elements, then <paramref name="content"/>.</summary>
    public static string Minimal(string id, string content = "", string start = "2026-11-28T09:15:02.123Z") =>
        Document($"<id>{id}</id><start>{start}</start>{content}");

    /// <summary>A typical call: participants, an end cause and the given files.</summary>
    public static string Call(string id, string endCause = "Normal", params (string Kind, string Name)[] files) => Minimal(id, $"""
        <type>Voice</type><direction>Inbound</direction><end>2026-11-28T09:18:02.123Z</end><endCause>{endCause}</endCause>
        <from number="+3612345678" info="Jane Caller"/><to number="1234" info="Agent Smith"/>
        <user name="jsmith" extension="1234"><group>Sales</group></user>
        {Files(files)}
        """);

    public static string Files(params (string Kind, string Name)[] files) => files.Length == 0
        ? ""
        : "<files>" + string.Concat(files.Select(f => $"""<file kind="{f.Kind}">{f.Name}</file>""")) + "</files>";
}
