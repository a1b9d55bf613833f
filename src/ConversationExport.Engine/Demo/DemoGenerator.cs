using static System.FormattableString;

namespace ConversationExport.Engine.Demo;

/// <summary>What to write for one conversation: its record (files not yet filled in) and its content.</summary>
internal sealed record DemoItem(Conversation Conversation, string ServerFolder, string BaseName, DemoContent Content);

internal sealed record DemoContent(AudioPlan? Audio, int VideoBytes, int DocumentBytes, IReadOnlyList<TranscriptLine>? Transcript, uint Seed);

/// <summary>
/// Draws conversations one at a time from a seeded <see cref="Random"/>, in start-time order.
/// Every value comes from that one generator in a fixed order, so (count, seed) fixes the corpus.
/// </summary>
internal sealed class DemoGenerator
{
    /// <summary>Fixed, not the clock: the same seed must give the same corpus next year.</summary>
    private static readonly DateTime End = new(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime First = End.AddDays(-30);
    /// <summary>
    /// The last conversation starts here, after all others: 23:30 UTC is already the next day in
    /// Budapest, the case that catches date filters done in local time.
    /// </summary>
    private static readonly DateTime Late = End.AddMinutes(-30);

    private sealed record Showcase(
        ConversationType Type, Direction Direction, int? Contact = null, int? User = null,
        bool CdrOnly = false, bool Archived = false, bool LegalHold = false);

    /// <summary>The first conversations cover every type, direction and awkward value, so even a tiny corpus has them.</summary>
    private static readonly Showcase[] Showcases =
    [
        new(ConversationType.Voice, Direction.Inbound, DemoCast.CommaAndQuotes, DemoCast.ZsofiaKovacs, LegalHold: true),
        new(ConversationType.Voice, Direction.Inbound, DemoCast.StartsWithEquals),
        new(ConversationType.Video, Direction.Outbound),
        new(ConversationType.Screen, Direction.Internal),
        new(ConversationType.ApplicationShare, Direction.Unknown),
        new(ConversationType.InstantMessage, Direction.Internal),
        new(ConversationType.FileShare, Direction.Outbound),
        new(ConversationType.Sms, Direction.Inbound),
        new(ConversationType.TraderVoice, Direction.Outbound),
        new(ConversationType.Voice, Direction.Inbound, CdrOnly: true),
        new(ConversationType.Voice, Direction.Outbound, Archived: true),
    ];

    private static readonly Showcase LateShowcase = new(ConversationType.Voice, Direction.Inbound, User: DemoCast.ZsofiaKovacs);

    private static readonly (ConversationType, int)[] TypeWeights =
    [
        (ConversationType.Voice, 38), (ConversationType.TraderVoice, 10), (ConversationType.Video, 9),
        (ConversationType.Screen, 5), (ConversationType.ApplicationShare, 4), (ConversationType.InstantMessage, 16),
        (ConversationType.FileShare, 5), (ConversationType.Sms, 8),
    ];

    private static readonly (Direction, int)[] DirectionWeights =
        [(Direction.Inbound, 40), (Direction.Outbound, 35), (Direction.Internal, 20), (Direction.Unknown, 5)];

    private static readonly DemoUser[] Traders = DemoCast.Users.Where(u => u.Trader).ToArray();

    private readonly Random _random;
    private readonly int _count;
    private readonly int _maxSeconds;
    private readonly double[] _busyness;
    private readonly double _totalBusyness;

    public DemoGenerator(int count, int seed, int maxSeconds)
    {
        _random = new Random(seed);
        _count = count;
        _maxSeconds = maxSeconds;
        // One weight per hour before Late: weekday office hours are busy, nights and weekends quiet.
        _busyness = Enumerable.Range(0, (int)(Late - First).TotalHours).Select(h =>
        {
            var time = First.AddHours(h);
            var weekend = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var office = time.Hour is >= 7 and < 18;
            return (weekend, office) switch { (false, true) => 10.0, (false, false) => 1.5, (true, true) => 2.0, _ => 0.5 };
        }).ToArray();
        _totalBusyness = _busyness.Sum();
    }

    public DemoItem Next(int index)
    {
        var last = index == _count - 1;
        var show = last ? LateShowcase : index < Showcases.Length ? Showcases[index] : null;
        var start = last ? Late.AddMilliseconds(_random.Next(60_000)) : Spread((index + _random.NextDouble()) / (_count - 1));
        var type = show?.Type ?? Weighted(TypeWeights);
        var direction = show?.Direction ?? Weighted(DirectionWeights);
        var platform = Pick(DemoCast.Platforms(type));

        var user = show?.User is { } u ? DemoCast.Users[u]
            : direction == Direction.Unknown && Chance(50) ? null
            : Pick(type == ConversationType.TraderVoice ? Traders : DemoCast.Users);
        var contact = show?.Contact is { } c ? DemoCast.Contacts[c] : Pick(DemoCast.Contacts);
        if (direction == Direction.Outbound && !contact.Number.StartsWith('+'))
            contact = DemoCast.Contacts[2];
        var userSide = user is null ? null : UserParty(user, type, platform);
        var contactSide = new Party(contact.Number, contact.Name, null, ContactIp(platform));
        var colleague = user is null ? null : Colleague(user);
        var (from, to, dialed) = direction switch
        {
            Direction.Inbound => (contactSide, userSide, user is null ? null : DemoCast.DirectDial(user)),
            Direction.Outbound => (userSide, contactSide, "00" + contact.Number[1..]),
            Direction.Internal when colleague is not null => (userSide, UserParty(colleague, type, platform), colleague.Extension),
            _ => (contactSide, userSide, null),
        };
        var baseName = Invariant($"{start:yyyyMMdd_HHmmss}_{NamePart(from?.Number)}_{NamePart(to?.Number)}");

        var cdrOnly = show?.CdrOnly ?? (type is ConversationType.Voice or ConversationType.TraderVoice or ConversationType.Video && Chance(6));
        var (seconds, endCause, content) = cdrOnly
            ? CdrOnly()
            : Recorded(type, start, from, to, baseName);
        var forwardReason = endCause == "Transfer" ? "Transferred"
            : direction == Direction.Inbound && Chance(8) ? Pick(DemoCast.ForwardReasons) : null;

        var labels = show?.LegalHold == true
            ? [new ConversationLabel("Complaint", legalHold: true), new ConversationLabel("VIP")]
            : Chance(25) ? Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(DemoCast.Labels))
                .Distinct().Select(l => new ConversationLabel(l.Name, l.LegalHold)).ToArray()
            : [];
        var legalHold = labels.Any(l => l.LegalHold);
        string[] cases = show?.LegalHold == true ? ["2026-0017"]
            : Chance(legalHold ? 70 : 8) ? Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(DemoCast.Cases)).Distinct().ToArray()
            : [];
        var archived = show?.Archived ?? Chance(start < End.AddDays(-21) ? 50 : 3);
        var server = user is null ? Pick(DemoCast.RecordingServers) : DemoCast.RecordingServer(user.Location);
        var analysed = content.Audio is not null && Chance(85);

        var conversation = new Conversation
        {
            ConversationId = NewGuid(),
            NativeId = Chance(90) ? Invariant($"{platform.ToUpperInvariant()}-{_random.Next(100_000, 1_000_000)}") : null,
            ConversationType = type,
            SourcePlatform = platform,
            Direction = direction,
            StartTimeUtc = start,
            EndTimeUtc = start.AddSeconds(seconds),
            EndCause = endCause,
            ForwardReason = forwardReason,
            From = from?.Number, FromInfo = from?.Name, FromDeviceId = from?.Device, FromIp = from?.Ip,
            To = to?.Number, ToInfo = to?.Name, ToDeviceId = to?.Device, ToIp = to?.Ip,
            DialedNumber = dialed,
            User = user?.Login, UserId = user?.Id, UserLocation = user?.Location, Extension = user?.Extension,
            Group = user?.Groups ?? [],
            RecordingServer = server,
            StorageTarget = archived ? "Archive" : Chance(80) ? "Primary" : "Secondary",
            Dataset = archived ? Dataset.Archived : Dataset.Online,
            Protected = legalHold || Chance(4),
            CdrOnly = cdrOnly,
            Imported = Chance(3),
            EncryptedWithCertificate = !cdrOnly && Chance(60) ? DemoCast.EncryptionCertificates[start < End.AddDays(-14) ? 1 : 0] : null,
            SignedWithCertificate = !cdrOnly && Chance(70) ? DemoCast.SigningCertificate : null,
            HasQmScorecard = content.Audio is not null && Chance(12),
            SilenceRatio = analysed ? content.Audio!.SilenceRatio : null,
            TalkoverRatio = analysed ? content.Audio!.TalkoverRatio : null,
            LongestSilence = analysed ? content.Audio!.LongestSilence : null,
            Labels = labels,
            Cases = cases,
        };
        return new DemoItem(conversation, server[..server.IndexOf('.')], baseName, content);
    }

    private (int Seconds, string EndCause, DemoContent Content) CdrOnly()
    {
        var cause = Pick(["NoAnswer", "Busy", "Rejected", "Timeout", "Normal", "Error"]);
        var seconds = cause is "Normal" or "Error" ? _random.Next(1, 3 * _maxSeconds + 1) : _random.Next(0, 31);
        return (seconds, cause, new DemoContent(null, 0, 0, null, 0));
    }

    private (int Seconds, string? EndCause, DemoContent Content) Recorded(
        ConversationType type, DateTime start, Party? from, Party? to, string baseName)
    {
        var seed = (uint)_random.Next(1, int.MaxValue);
        switch (type)
        {
            case ConversationType.Voice or ConversationType.TraderVoice:
            {
                var seconds = _random.Next(1, _maxSeconds + 1);
                var audio = AudioPlan.Create(_random, seconds);
                var cause = _random.Next(100) switch
                {
                    < 70 => "Normal", < 80 => "Transfer", < 86 => "Hold", < 90 => "Error",
                    < 94 => Pick(DemoCast.UnusualEndCauses), _ => "Normal",
                };
                // Some platforms deliver a speech-to-text transcript beside the audio.
                var transcript = Chance(15) ? Lines(start, seconds, from, to, _random.Next(2, 6), null) : null;
                return (seconds, cause, new DemoContent(audio, 0, 0, transcript, seed));
            }
            case ConversationType.Video or ConversationType.Screen or ConversationType.ApplicationShare:
            {
                var seconds = _random.Next(1, 3 * _maxSeconds + 1);
                return (seconds, "Normal", new DemoContent(null, seconds * 6000 + _random.Next(4096), 0, null, seed));
            }
            case ConversationType.FileShare:
            {
                var seconds = _random.Next(5, 600);
                var lines = Lines(start, seconds, from, to, _random.Next(1, 4), $"shared {baseName}.pdf");
                return (seconds, Chance(50) ? "Normal" : null, new DemoContent(null, 0, _random.Next(5_000, 60_000), lines, seed));
            }
            default:
            {
                var sms = type == ConversationType.Sms;
                var seconds = sms ? _random.Next(0, 600) : _random.Next(30, 2700);
                var lines = Lines(start, seconds, from, to, sms ? _random.Next(1, 5) : _random.Next(3, 21), null);
                return (seconds, Chance(50) ? "Normal" : null, new DemoContent(null, 0, 0, lines, seed));
            }
        }
    }

    private List<TranscriptLine> Lines(DateTime start, int seconds, Party? from, Party? to, int count, string? closing)
    {
        var lines = Enumerable.Range(0, count).Select(k => new TranscriptLine(
            start.AddSeconds((long)seconds * k / count),
            Speaker(k % 2 == 0 ? from : to),
            Pick(DemoCast.Phrases))).ToList();
        if (closing is not null)
            lines.Add(new TranscriptLine(start.AddSeconds(seconds), Speaker(from), closing));
        return lines;
    }

    private static string Speaker(Party? party) => party?.Name ?? party?.Number ?? "unknown";

    /// <summary>Maps [0, 1) onto the month so that busy hours get more calls; strictly increasing, so starts come in order.</summary>
    private DateTime Spread(double position)
    {
        var target = position * _totalBusyness;
        var hour = 0;
        while (hour < _busyness.Length - 1 && target >= _busyness[hour])
            target -= _busyness[hour++];
        var ticks = First.AddHours(hour).Ticks + (long)(Math.Min(target / _busyness[hour], 1) * TimeSpan.TicksPerHour);
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    private sealed record Party(string Number, string? Name, string? Device, string? Ip);

    private static Party UserParty(DemoUser user, ConversationType type, string platform) => new(
        type == ConversationType.Sms ? DemoCast.DirectDial(user) : user.Extension,
        user.DisplayName,
        type == ConversationType.TraderVoice ? user.Turret : platform == "Cisco" ? user.DeskPhone : null,
        user.Ip);

    private string? ContactIp(string platform) => platform switch
    {
        "SIP" or "Zoom" => Invariant($"203.0.113.{_random.Next(1, 255)}"),
        "Teams" => Invariant($"2001:db8::{_random.Next(1, 0xFFFF):x}"),
        _ => null,
    };

    private DemoUser Colleague(DemoUser user)
    {
        var users = DemoCast.Users;
        return users[(Array.IndexOf(users, user) + 1 + _random.Next(users.Length - 1)) % users.Length];
    }

    /// <summary>The caller or called number as it appears in media file names: its digits, else its letters.</summary>
    private static string NamePart(string? number)
    {
        var digits = new string((number ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0) return digits;
        var letters = new string((number ?? "").Where(char.IsAsciiLetter).ToArray()).ToLowerInvariant();
        return letters.Length > 0 ? letters : "unknown";
    }

    /// <summary>A version-4 GUID from the seeded generator: Guid.NewGuid would make every run different.</summary>
    private string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private T Weighted<T>((T Value, int Weight)[] table)
    {
        var roll = _random.Next(table.Sum(t => t.Weight));
        foreach (var (value, weight) in table)
            if ((roll -= weight) < 0) return value;
        throw new InvalidOperationException("unreachable");
    }
}
