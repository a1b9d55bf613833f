using ConversationExport.Engine.Catalog;
using ConversationExport.EngineTests.Support;

namespace ConversationExport.EngineTests.Query;

/// <summary>
/// A catalog of random conversations with a fixed seed, every field filled (or left null) from
/// small pools so that equality and wildcards meet: ASCII case variants, non-ASCII case variants
/// (which must NOT fold), LIKE's own metacharacters % _ \, quotes and backticks, numbers with
/// varying digit counts, ties on start time. Shared read-only by the differential tests.
/// </summary>
public sealed class RandomCatalog : IDisposable
{
    public const int Seed = 20261128;
    public const int Size = 2000;

    /// <summary>The "now" every relative criterion counts back from; whole milliseconds, as the catalog stores.</summary>
    public static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder _temp = new();

    public RandomCatalog()
    {
        Catalog = TestCatalog.Create(_temp);
        var random = new Random(Seed);
        Store.Upsert(Catalog, Enumerable.Range(0, Size).Select(i => Conversation(random, i)).ToArray());
        All = Store.All(Catalog);
    }

    public ConversationCatalog Catalog { get; }

    /// <summary>Every conversation as the catalog gives it back (the evaluator's input).</summary>
    public List<Conversation> All { get; }

    public void Dispose() => _temp.Dispose();

    // Pools: small on purpose, so that values repeat and criteria select proper subsets.
    internal static readonly string[] Tricky =
    [
        "Sales", "SALES", "sales", "Sa les", "Salesforce", "Support", "50%", "50% off", "50*", "500", "100_000", "a_b", "axb",
        @"back\slash", @"C:\rec\01", "O'Brien", "o'brien", "it''s", "tick`mark", "star*name", "q?mark", "Müller", "MÜLLER",
        "müller", "", " ", "x", "X", "'; DROP TABLE conversation; --",
    ];

    internal static readonly string[] Numbers =
    [
        "+3612345678", "+36 1 234 5678", "1234", "12", "1", "", "+1 (555) 010-0199", "5550100", "555_0100", "100%",
        "0036-1-2345-678", "anonymous", "ANONYMOUS", "+44 20 7946 0958", "007", "123456789012345", "*99#",
    ];

    internal static readonly string[] Infos = ["Jane Caller", "JANE CALLER", "jane caller", "Agent Smith", "O'Brien, Pat", "50% Sales", "Müller", "MÜLLER", "tick`s", "Sales", "SALES"];
    internal static readonly string[] Devices = ["SEP001122334455", "sep001122334455", "SEP00AABBCCDDEE", "TEAMS_DEVICE", "dev%1", "dev_1"];
    internal static readonly string[] Ips = ["192.0.2.5", "192.0.2.9", "198.51.100.7", "2001:db8::1", "10.0.0.1"];
    internal static readonly string[] Users = ["jsmith", "JSmith", "JSMITH", "jdoe", "o'neil", "a_b", "a%b", @"back\user"];
    internal static readonly string[] Locations = ["Budapest", "BUDAPEST", "London", "New York", "São Paulo", "SÃO PAULO"];
    internal static readonly string[] Extensions = ["1234", "1235", "12345", "*99", "#1", "12_34"];
    internal static readonly string[] UserIds = ["A-1001", "a-1001", "A-1002", "T_77", "T%77", "T177"];
    internal static readonly string[] Servers = ["rec01.example.local", "REC01.EXAMPLE.LOCAL", "rec02.example.local", "rec_03", "rec%04", "recX03"];
    internal static readonly string[] MediaFiles = ["20261128_091502_3612345678_1234.wav", "call.wav", "CALL.WAV", "video.mp4", "50%.wav", "a_b.wav", "x*y.wav"];
    internal static readonly string[] StorageTargets = ["Primary", "PRIMARY", "Secondary", "Archive_1", "Archive%1", "ArchiveX1"];
    internal static readonly string[] Certificates = ["CN=Recording Encryption 2026", "cn=recording encryption 2026", "CN=Recording Signing 2026", "CN=O'Brien", "CN=50%", ""];
    internal static readonly string[] OtherEndCauses = ["Hangup", "Normal ", "normal_clearing", "NoAnswer%", "Transfer'd", ""];
    internal static readonly string[] OtherForwardReasons = ["Unconditional", "Team Call", "forward_all", ""];
    internal static readonly string[] OtherPlatforms = ["SIP", "MS Teams", "Cisco UCM", "Zoom_Phone", "Sip%"];
    internal static readonly string[] Groups = ["Sales", "SALES", "Support", "support", "Back Office", "50%", "a_b", "axb", "O'Brien", "tick`g"];
    internal static readonly string[] Labels = ["VIP", "vip", "Complaint", "COMPLAINT", "Legal Hold", "50% off", "a_b", "x*y", "O'Brien", "tick`l", ""];
    internal static readonly string[] Cases = ["2026-0017", "2026-0018", "2025-0001", "CASE_1", "case_1", "caseX1", "case%2", "C'3"];

    private static Conversation Conversation(Random r, int i)
    {
        var start = r.NextDouble() < 0.2
            ? Now.AddHours(-r.Next(0, 40) * 36)                                   // shared start times: ties
            : Now.AddMilliseconds(-r.NextInt64(0, (long)TimeSpan.FromDays(60).TotalMilliseconds));
        DateTime? end = r.Next(20) switch
        {
            0 or 1 => null,
            2 => start.AddMilliseconds(-r.Next(1, 60_000)),                    // before the start: duration 0
            3 => start,
            4 => start.AddMinutes(r.Next(1, 10)),                                  // whole minutes: Equals hits
            _ => start.AddMilliseconds(r.Next(0, 7_200_000)),
        };
        return new Conversation
        {
            ConversationId = Pick(r, ["conv-", "CONV-", "conv_", "conv%", "Conv'"]) + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            NativeId = Maybe(r, () => Pick(r, ["CISCO-778812", "cisco-778812", "TEAMS-1", "teams-1", "SIP_1", "SIP%1", "SIPX1"])),
            From = Text(r, Numbers),
            FromInfo = Text(r, Infos),
            FromDeviceId = Text(r, Devices),
            FromIp = Text(r, Ips),
            To = Text(r, Numbers),
            ToInfo = Text(r, Infos),
            ToDeviceId = Text(r, Devices),
            ToIp = Text(r, Ips),
            DialedNumber = Text(r, Numbers),
            User = Text(r, Users),
            UserLocation = Text(r, Locations),
            Extension = Text(r, Extensions),
            Group = Some(r, Groups),
            UserId = Text(r, UserIds),
            StartTimeUtc = start,
            EndTimeUtc = end,
            Direction = Pick(r, Enum.GetValues<Direction>()),
            EndCause = FreeEnum<EndCause>(r, OtherEndCauses),
            ConversationType = Pick(r, Enum.GetValues<ConversationType>()),
            ForwardReason = FreeEnum<ForwardReason>(r, OtherForwardReasons),
            Protected = r.Next(2) == 0,
            Labels = Some(r, Labels).Select(name => new ConversationLabel(name, legalHold: r.Next(4) == 0)).ToArray(),
            Cases = Some(r, Cases),
            EncryptedWithCertificate = Maybe(r, () => Pick(r, Certificates), nullChance: 0.4),
            SignedWithCertificate = Maybe(r, () => Pick(r, Certificates), nullChance: 0.4),
            HasQmScorecard = r.Next(2) == 0,
            SourcePlatform = FreeEnum<SourcePlatform>(r, OtherPlatforms),
            Imported = r.Next(3) == 0,
            SilenceRatio = Ratio(r),
            TalkoverRatio = Ratio(r),
            LongestSilence = Maybe<TimeSpan?>(r, () => r.Next(3) == 0 ? TimeSpan.FromSeconds(r.Next(0, 30)) : TimeSpan.FromMilliseconds(r.Next(0, 120_000))),
            RecordingServer = Text(r, Servers),
            MediaFileName = Text(r, MediaFiles),
            StorageTarget = Text(r, StorageTargets),
            Dataset = Pick(r, Enum.GetValues<Dataset>()),
            CdrOnly = r.Next(5) == 0,
            Files = Enumerable.Range(0, r.Next(3)).Select(n => new ConversationFile
            {
                Kind = Pick(r, Enum.GetValues<ConversationFileKind>()),
                Location = $"/recordings/{i}/{n}.wav",
                Size = r.NextInt64(0, 10_000_000),
                Extension = "wav",
            }).ToArray(),
            SidecarPath = Maybe(r, () => $"/recordings/{i}.xml"),
        };
    }

    internal static T Pick<T>(Random r, IReadOnlyList<T> pool) => pool[r.Next(pool.Count)];

    private static T? Maybe<T>(Random r, Func<T> value, double nullChance = 0.15) => r.NextDouble() < nullChance ? default : value();

    /// <summary>Mostly the field's own pool, sometimes the shared tricky values; null 15% of the time.</summary>
    private static string? Text(Random r, string[] pool) => Maybe(r, () => r.NextDouble() < 0.75 ? Pick(r, pool) : Pick(r, Tricky));

    private static string[] Some(Random r, string[] pool) =>
        Enumerable.Range(0, r.Next(4)).Select(_ => Pick(r, pool)).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>A free-text "enum" as recorders report it: a well-known name in any letter case, or something else entirely.</summary>
    private static string? FreeEnum<T>(Random r, string[] others) where T : struct, Enum =>
        Maybe(r, () => r.NextDouble() < 0.7 ? CaseVariant(r, Pick(r, Enum.GetNames<T>())) : Pick(r, others));

    private static double? Ratio(Random r) => Maybe<double?>(r, () => r.Next(4) switch
    {
        0 => Pick(r, [0.0, 1.0, 0.5, 0.25, 0.1]),
        1 => Math.Round(r.NextDouble(), 2),
        2 => Math.Round(r.NextDouble(), 3),
        _ => r.NextDouble(),
    });

    internal static string CaseVariant(Random r, string text) => r.Next(4) switch
    {
        0 => text,
        1 => text.ToUpperInvariant(),
        2 => text.ToLowerInvariant(),
        _ => new string(text.Select(c => r.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray()),
    };
}
