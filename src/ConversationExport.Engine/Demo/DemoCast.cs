namespace ConversationExport.Engine.Demo;

internal sealed record DemoUser(
    string Login, string DisplayName, string Id, string Location, string Extension, string[] Groups, string Ip)
{
    public bool Trader => Groups.Contains("Trading");
    public string DeskPhone => "SEP0011AA00" + Extension;
    public string Turret => "IPC-TRT-" + Extension;
}

internal sealed record DemoContact(string Number, string? Name);

/// <summary>
/// The people, sites and vocabularies the demo corpus draws from. Some values are awkward on
/// purpose, because exports must survive them: CSV quoting, spreadsheet formula injection,
/// XML escaping, non-ASCII names and characters outside the Basic Multilingual Plane.
/// </summary>
internal static class DemoCast
{
    public static readonly DemoUser[] Users =
    [
        new("jsmith", "John Smith", "A-1001", "Budapest", "1234", ["Sales", "Support"], "192.0.2.11"),
        new("zkovacs", "Zsófia Kovács", "A-1002", "Budapest", "1235", ["Support"], "192.0.2.12"),
        new("mmueller", "Maximilian Müller", "A-1003", "Frankfurt", "2201", ["Trading", "Compliance"], "192.0.2.13"),
        new("adurand", "Amélie Durand", "A-1004", "Paris", "3105", ["Sales"], "192.0.2.14"),
        new("tokafor", "Tunde Okafor", "T-2001", "London", "4410", ["Trading"], "192.0.2.15"),
        new("soconnor", "Seán O'Connor", "T-2002", "Dublin", "4520", ["Trading", "Sales", "Compliance"], "192.0.2.16"),
        new("lnguyen", "Nguyễn Thị Linh", "A-1007", "Singapore", "5120", ["Support", "Escalations"], "192.0.2.17"),
        new("kyamamoto", "山本 健二", "T-2003", "Tokyo", "7002", ["Trading"], "192.0.2.18"),
    ];

    public const int ZsofiaKovacs = 1;

    public static readonly DemoContact[] Contacts =
    [
        new("+442079460123", "Smith, John \"JJ\""),
        new("+14155550142", "=2+3 Accounts Payable"),
        new("+3612345678", "Jane Caller"),
        new("+4930901820", "Müller & Söhne GmbH"),
        new("+33142685300", "Élodie Lefèvre <Support>"),
        new("anonymous", null),
        new("+6561234567", "Tan Wei Ming"),
        new("+81312345678", "株式会社サンプル"),
        new("+12125550199", "Acme Corp; Trading Desk"),
        new("+36301234567", "Kovács Péter"),
        new("+447700900123", "@Risk Desk"),
        new("+353861234567", null),
    ];

    public const int CommaAndQuotes = 0;
    public const int StartsWithEquals = 1;

    public static string RecordingServer(string location) => location switch
    {
        "Budapest" => "rec01.example.local",
        "Frankfurt" or "Paris" => "rec02.example.local",
        "London" or "Dublin" => "rec-lon01.example.local",
        _ => "rec-sg01.example.local",
    };

    public static readonly string[] RecordingServers =
        ["rec01.example.local", "rec02.example.local", "rec-lon01.example.local", "rec-sg01.example.local"];

    /// <summary>The number an outside caller dials to reach the user directly.</summary>
    public static string DirectDial(DemoUser user) => user.Location switch
    {
        "Budapest" => "+3612345",
        "Frankfurt" => "+496912345",
        "Paris" => "+3314012",
        "London" => "+44207946",
        "Dublin" => "+3531612",
        "Singapore" => "+656812",
        _ => "+8135512",
    } + user.Extension;

    /// <summary>Only well-known platform names (SourcePlatform), so the demo's queries can filter on every one.</summary>
    public static string[] Platforms(ConversationType type) => type switch
    {
        ConversationType.Voice => ["Cisco", "Cisco", "SIP", "Teams", "Avaya", "Mitel"],
        ConversationType.Video => ["Teams", "Zoom", "Webex"],
        ConversationType.Screen => ["Teams", "Zoom"],
        ConversationType.ApplicationShare => ["Teams", "Webex"],
        ConversationType.InstantMessage => ["Teams", "Skype", "Genesys"],
        ConversationType.FileShare => ["Teams", "Skype"],
        ConversationType.Sms => ["Mobile"],
        _ => ["Turret"],
    };

    public static readonly (string Name, bool LegalHold)[] Labels =
    [
        ("Complaint", true), ("VIP", false), ("Training", false), ("Escalated", false),
        ("Litigation 2026-03", true), ("Follow-up", false), ("Ügyfélpanasz", false),
    ];

    public static readonly string[] Cases = ["2026-0017", "2026-0042", "2026-0108", "AUDIT-2026-Q4"];

    public static readonly string[] EncryptionCertificates =
        ["CN=Recording Encryption 2026", "CN=Recording Encryption 2025, O=Example Corp, C=HU"];

    public const string SigningCertificate = "CN=Recording Signing 2026";

    /// <summary>End causes beyond the well-known names: recorders report their own.</summary>
    public static readonly string[] UnusualEndCauses = ["PolicyDisconnect", "MediaTimeout"];

    /// <summary>Well-known names (ForwardReason) only: queries reject others.</summary>
    public static readonly string[] ForwardReasons = ["Forwarded", "Redirected", "Delegated", "TeamCall", "Picked"];

    public static readonly string[] Phrases =
    [
        "Hello, can you check ticket 4711?",
        "Sure, one moment please.",
        "The order was confirmed yesterday at 14:05.",
        "Köszönöm, minden rendben.",
        "Could you send me the \"final\" version, not the draft?",
        "Price is 101.25, size 5m, value date T+2.",
        "I'll call you back after the meeting.",
        "Thanks 👍",
        "Please escalate this; the customer is unhappy.",
        "Done. Anything else?",
        "=1+1 looks like a formula but is just a note",
        "Merci, à bientôt !",
        "Can we move the review to Friday?",
        "Noted, closing the case.",
    ];
}
