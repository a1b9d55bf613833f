using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ConversationExport.Engine.Export.Naming;

namespace ConversationExport.EngineTests.Output;

/// <summary>Conversations the output tests share, and Python as the independent reader of what they write.</summary>
internal static class OutputSamples
{
    public static TimeZoneInfo Budapest => ExportTimeZone.Find("Europe/Budapest");

    /// <summary>The call of the SPEC §2.3 sidecar sample, with every field set.</summary>
    public static Conversation Call(Action<Conversation>? change = null)
    {
        var c = new Conversation
        {
            Id = 42,
            ConversationId = "9b2f0c1e-5d6a-4c1b-8e55-0f1d2a3b4c5d",
            NativeId = "CISCO-778812",
            From = "3612345678",
            FromInfo = "Jane Caller",
            FromDeviceId = "SEP001122334455",
            FromIp = "192.0.2.5",
            To = "1234",
            ToInfo = "Agent Smith",
            ToDeviceId = "SEP00AABBCCDDEE",
            ToIp = "192.0.2.9",
            DialedNumber = "3612345000",
            User = "jsmith",
            UserLocation = "Budapest",
            Extension = "1234",
            Group = ["Sales", "Support"],
            UserId = "A-1001",
            StartTimeUtc = new DateTime(2026, 11, 28, 9, 15, 2, 123, DateTimeKind.Utc),
            EndTimeUtc = new DateTime(2026, 11, 28, 9, 21, 40, 500, DateTimeKind.Utc),
            Direction = Direction.Inbound,
            EndCause = "Normal",
            ConversationType = ConversationType.Voice,
            ForwardReason = "Transferred",
            Protected = false,
            Labels = [new("Complaint", legalHold: true), new("VIP")],
            Cases = ["2026-0017", "2026-0020"],
            EncryptedWithCertificate = "CN=Recording Encryption 2026",
            SignedWithCertificate = "CN=Recording Signing 2026",
            HasQmScorecard = true,
            SourcePlatform = "Cisco",
            Imported = false,
            SilenceRatio = 0.12,
            TalkoverRatio = 0.03,
            LongestSilence = TimeSpan.FromMilliseconds(4200),
            RecordingServer = "rec01.example.local",
            MediaFileName = "20261128_091502_3612345678_1234.wav",
            StorageTarget = "Primary",
            Dataset = Dataset.Online,
            CdrOnly = false,
            Files =
            [
                new() { Kind = ConversationFileKind.Media, Location = "/srv/recordings/2026/11/28/20261128_091502_3612345678_1234.wav", Size = 1_234_567, Extension = "wav" },
                new() { Kind = ConversationFileKind.Transcript, Location = @"\\rec01\recordings$\2026\11\28\20261128_091502_3612345678_1234.im", Size = 2048, Extension = "im" },
            ],
            SidecarPath = "/srv/recordings/2026/11/28/20261128_091502_3612345678_1234.xml",
            ChangeSequence = 991,
        };
        change?.Invoke(c);
        return c;
    }

    /// <summary>A conversation with nothing optional set.</summary>
    public static Conversation Bare() => new()
    {
        Id = 7,
        ConversationId = "bare",
        StartTimeUtc = new DateTime(2026, 11, 28, 23, 30, 0, DateTimeKind.Utc),
    };

    public static byte[] Bytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    private const string ReadCsv = """
        import csv, json, sys
        with open(sys.argv[1], newline='', encoding=sys.argv[2]) as f:
            rows = list(csv.reader(f, strict=True))
        sys.stdout.write(json.dumps(rows))
        """;

    /// <summary>
    /// The records of a CSV file as Python's csv module reads it (strict, Excel dialect: RFC 4180),
    /// so the tests do not trust the library that wrote it to also judge it.
    /// </summary>
    /// <param name="encoding">"utf-8" keeps a BOM as U+FEFF in the first cell; "utf-8-sig" drops it.</param>
    public static string[][] PythonCsv(byte[] csv, string encoding = "utf-8")
    {
        var path = Path.Combine(Path.GetTempPath(), $"conversation-export-csv-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, csv);
            var output = Python(["-c", ReadCsv, path, encoding]);
            return JsonSerializer.Deserialize<string[][]>(output)!;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs python3; fails the test with its stderr unless it exits 0.</summary>
    public static string Python(IEnumerable<string> arguments, string? stdin = null)
    {
        var (exitCode, output, error) = RunPython(arguments, stdin);
        Assert.True(exitCode == 0, $"python3 exited with {exitCode}: {error}");
        return output;
    }

    public static (int ExitCode, string Output, string Error) RunPython(IEnumerable<string> arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONUTF8"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("python3 did not finish in 2 minutes.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
