using System.Text.Json.Serialization;

namespace ConversationExport;

/// <summary>One recorded conversation as the catalog holds it (design §2.1).</summary>
public sealed class Conversation
{
    public long Id { get; set; }
    public string ConversationId { get; set; } = "";
    public string? NativeId { get; set; }

    public string? From { get; set; }
    public string? FromInfo { get; set; }
    public string? FromDeviceId { get; set; }
    public string? FromIp { get; set; }
    public string? To { get; set; }
    public string? ToInfo { get; set; }
    public string? ToDeviceId { get; set; }
    public string? ToIp { get; set; }
    public string? DialedNumber { get; set; }
    public string? User { get; set; }
    public string? UserLocation { get; set; }
    public string? Extension { get; set; }
    public string[] Group { get; set; } = [];
    public string? UserId { get; set; }

    public DateTime StartTimeUtc { get; set; }
    public DateTime? EndTimeUtc { get; set; }
    /// <summary>
    /// The length, for scripts (compare with [TimeSpan]); <see cref="DurationSeconds"/> carries the number
    /// for JSON and CSV readers. Part of the catalog's record fingerprint, as it always was.
    /// </summary>
    [JsonInclude]
    public TimeSpan Duration => EndTimeUtc is { } end && end > StartTimeUtc ? end - StartTimeUtc : TimeSpan.Zero;
    /// <summary>The length in seconds (views show it as h:mm:ss).</summary>
    [JsonIgnore]
    public double DurationSeconds => Math.Round(Duration.TotalSeconds, 3);
    public Direction Direction { get; set; }
    /// <summary>Kept as text: recorders report causes beyond the well-known <see cref="ConversationExport.EndCause"/> names.</summary>
    public string? EndCause { get; set; }
    public ConversationType ConversationType { get; set; }
    public string? ForwardReason { get; set; }
    public bool Protected { get; set; }
    public ConversationLabel[] Labels { get; set; } = [];
    public string[] Cases { get; set; } = [];
    public string? EncryptedWithCertificate { get; set; }
    public string? SignedWithCertificate { get; set; }
    public bool HasQmScorecard { get; set; }
    public string? SourcePlatform { get; set; }
    public bool Imported { get; set; }

    public double? SilenceRatio { get; set; }
    public double? TalkoverRatio { get; set; }
    [JsonInclude]
    public TimeSpan? LongestSilence { get; set; }
    [JsonIgnore]
    public double? LongestSilenceSeconds => LongestSilence is { } silence ? Math.Round(silence.TotalSeconds, 3) : null;

    public string? RecordingServer { get; set; }
    public string? MediaFileName { get; set; }
    public string? StorageTarget { get; set; }
    public Dataset Dataset { get; set; }
    public bool CdrOnly { get; set; }

    public ConversationFile[] Files { get; set; } = [];
    /// <summary>Full path of the recording server's XML sidecar this record was imported from.</summary>
    public string? SidecarPath { get; set; }
    /// <summary>Catalog change sequence of the last insert or update (design §2.4).</summary>
    public long ChangeSequence { get; set; }

    public override string ToString() => ConversationId;
}

public sealed class ConversationLabel
{
    public ConversationLabel() { }
    public ConversationLabel(string name, bool legalHold = false) { Name = name; LegalHold = legalHold; }

    public string Name { get; set; } = "";
    public bool LegalHold { get; set; }

    public override string ToString() => LegalHold ? Name + " (legal hold)" : Name;
}

public sealed class ConversationFile
{
    public ConversationFileKind Kind { get; set; }
    /// <summary>Full path of the file on the recording storage.</summary>
    public string Location { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Extension without the leading dot, lower case ("wav").</summary>
    public string Extension { get; set; } = "";

    public override string ToString() => Location;
}
