namespace ConversationExport.EngineTests.Export.Naming;

/// <summary>Conversations and hostile values the naming tests share.</summary>
internal static class NamingSamples
{
    public static Conversation Call(Action<Conversation>? change = null)
    {
        var c = new Conversation
        {
            ConversationId = "c-0001",
            NativeId = "native-77",
            From = "+3612345678",
            FromInfo = "Jane Doe",
            To = "+3687654321",
            ToInfo = "John Roe",
            User = "jane.doe",
            UserId = "u-42",
            Extension = "1234",
            StartTimeUtc = new DateTime(2026, 11, 28, 9, 5, 7, DateTimeKind.Utc),
            EndTimeUtc = new DateTime(2026, 11, 28, 9, 7, 12, 900, DateTimeKind.Utc),
            Direction = Direction.Inbound,
            ConversationType = ConversationType.Voice,
            RecordingServer = "rec-bud-01",
            MediaFileName = "20261128090507_c-0001.wav",
            Files =
            [
                new ConversationFile { Kind = ConversationFileKind.Media, Location = "/rec/2026/11/28/20261128090507_c-0001.wav", Extension = "wav", Size = 10 },
            ],
        };
        change?.Invoke(c);
        return c;
    }

    /// <summary>Values recorded data may carry that must never steer a file outside the export.</summary>
    public static readonly string[] Hostile =
    [
        "../../../etc/cron.d/evil",
        "..\\..\\Windows\\System32\\evil",
        "..",
        ".",
        "...",
        "C:\\Windows\\evil",
        "C:evil",
        "/etc/passwd",
        "\\\\server\\share\\evil",
        "//server/share/evil",
        "CON",
        "con",
        "aux.wav",
        "Com1.txt",
        "LPT9",
        "NUL .txt",
        "name:stream",
        "name::$DATA",
        "a\0b",
        "tab\there\r\nnewline",
        "trailing dot.",
        "trailing space ",
        "   ",
        "",
        "<>:\"/\\|?*",
        "☎️📞 Jane 👩‍💻",
        "gnp\u202Eexe.wav",
        "\uD800lonely surrogate",
        new string('x', 500),
        string.Concat(Enumerable.Repeat("📞", 300)),
        string.Concat(Enumerable.Repeat("../", 100)) + "etc/passwd",
    ];

    public static TheoryData<string> HostileData()
    {
        var data = new TheoryData<string>();
        foreach (var value in Hostile) data.Add(value);
        return data;
    }
}
