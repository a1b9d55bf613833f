using System.Buffers.Binary;
using System.Text;

namespace ConversationExport.Engine.Demo;

internal enum AudioPart { Silence, Near, Far, Both }

/// <summary>One stretch of a call: who is talking and for how many samples.</summary>
internal readonly record struct AudioSegment(AudioPart Part, int Samples);

/// <summary>A call's audio, planned before it is written so the sidecar's analytics describe the real file.</summary>
internal sealed record AudioPlan(IReadOnlyList<AudioSegment> Segments, int NearHz, int FarHz, uint NoiseSeed)
{
    public const int SampleRate = 8000;
    /// <summary>Segments are whole tenths of a second, so LongestSilence is exact.</summary>
    public const int Tenth = SampleRate / 10;

    public static AudioPlan Create(Random random, int seconds)
    {
        var segments = new List<AudioSegment>();
        var left = seconds * 10;
        while (left > 0)
        {
            var roll = random.Next(100);
            var (part, tenths) = roll switch
            {
                < 30 => (AudioPart.Silence, random.Next(100) < 5 ? random.Next(20, 45) : random.Next(1, 16)),
                < 60 => (AudioPart.Near, random.Next(5, 26)),
                < 90 => (AudioPart.Far, random.Next(5, 26)),
                _ => (AudioPart.Both, random.Next(2, 10)),
            };
            tenths = Math.Min(tenths, left);
            segments.Add(new AudioSegment(part, tenths * Tenth));
            left -= tenths;
        }
        return new AudioPlan(segments, random.Next(100, 180), random.Next(180, 280), (uint)random.Next(1, int.MaxValue));
    }

    public int TotalSamples => Segments.Sum(s => s.Samples);
    public double SilenceRatio => Math.Round(Share(AudioPart.Silence), 2);
    public double TalkoverRatio => Math.Round(Share(AudioPart.Both), 2);
    public TimeSpan LongestSilence => TimeSpan.FromMilliseconds(
        Segments.Where(s => s.Part == AudioPart.Silence).Select(s => s.Samples).DefaultIfEmpty(0).Max() * 1000L / SampleRate);

    private double Share(AudioPart part) => (double)Segments.Where(s => s.Part == part).Sum(s => s.Samples) / TotalSamples;
}

internal sealed record TranscriptLine(DateTime Time, string Sender, string Text);

/// <summary>Writes the content files of the demo corpus. Each returns the number of bytes written.</summary>
internal static class DemoMedia
{
    private const int TableBits = 12;

    /// <summary>
    /// Sine values quantized once to integers, and everything after that is integer or basic IEEE
    /// arithmetic: Math.Sin may differ in the last bit between C runtimes, and the corpus must be
    /// byte-identical for the same seed on every platform.
    /// </summary>
    private static readonly short[] Sine = Enumerable.Range(0, 1 << TableBits)
        .Select(i => (short)Math.Round(Math.Sin(2 * Math.PI * i / (1 << TableBits)) * short.MaxValue))
        .ToArray();

    /// <summary>8 kHz 16-bit mono PCM: buzzing "voices" with syllable-rate amplitude, room noise in between.</summary>
    public static long WriteWav(string path, AudioPlan plan)
    {
        var dataBytes = plan.TotalSamples * 2;
        using var file = Create(path);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], AudioPlan.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], AudioPlan.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        file.Write(header);

        var near = new Voice(plan.NearHz, 4);
        var far = new Voice(plan.FarHz, 5);
        var noise = plan.NoiseSeed;
        var buffer = new byte[AudioPlan.SampleRate * 2];
        var used = 0;
        foreach (var segment in plan.Segments)
        {
            for (var n = 0; n < segment.Samples; n++)
            {
                noise = XorShift(noise);
                double value = (int)(noise % 241) - 120;
                value += segment.Part switch
                {
                    AudioPart.Near => near.Next(9000),
                    AudioPart.Far => far.Next(7000),
                    AudioPart.Both => near.Next(6000) + far.Next(5000),
                    _ => 0,
                } * Fade(n, segment.Samples);
                BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(used), (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue));
                used += 2;
                if (used == buffer.Length)
                {
                    file.Write(buffer, 0, used);
                    used = 0;
                }
            }
        }
        file.Write(buffer, 0, used);
        return file.Length;
    }

    /// <summary>An opaque MP4 stand-in: a real ftyp box, then one mdat box of noise.</summary>
    public static long WriteMp4(string path, int payloadBytes, uint seed)
    {
        using var file = Create(path);
        Span<byte> boxes = stackalloc byte[40];
        BinaryPrimitives.WriteInt32BigEndian(boxes, 32);
        "ftypisom"u8.CopyTo(boxes[4..]);
        BinaryPrimitives.WriteInt32BigEndian(boxes[12..], 0x200);
        "isomiso2avc1mp41"u8.CopyTo(boxes[16..]);
        BinaryPrimitives.WriteInt32BigEndian(boxes[32..], 8 + payloadBytes);
        "mdat"u8.CopyTo(boxes[36..]);
        file.Write(boxes);
        WriteNoise(file, payloadBytes, seed);
        return file.Length;
    }

    /// <summary>An opaque stand-in for a shared document: PDF header and trailer around noise.</summary>
    public static long WritePdf(string path, int payloadBytes, uint seed)
    {
        using var file = Create(path);
        // The high characters of the second line mark the file as binary, as PDF writers do.
        file.Write("%PDF-1.7\n%âãÏÓ\n"u8);
        WriteNoise(file, payloadBytes, seed);
        file.Write("\n%%EOF\n"u8);
        return file.Length;
    }

    /// <summary>An IM or speech-to-text transcript: one line per message, UTF-8 without BOM, LF line ends.</summary>
    public static long WriteTranscript(string path, IEnumerable<TranscriptLine> lines)
    {
        using var file = Create(path);
        using (var writer = new StreamWriter(file, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\n" })
            foreach (var line in lines)
                writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"[{line.Time:yyyy-MM-dd HH:mm:ss}Z] {line.Sender}: {line.Text}"));
        return file.Length;
    }

    private static FileStream Create(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);

    private static void WriteNoise(Stream file, int bytes, uint seed)
    {
        var buffer = new byte[Math.Min(bytes, 64 * 1024)];
        var state = seed | 1;
        while (bytes > 0)
        {
            var chunk = Math.Min(bytes, buffer.Length);
            for (var i = 0; i < chunk; i++)
            {
                state = XorShift(state);
                buffer[i] = (byte)(state >> 24);
            }
            file.Write(buffer, 0, chunk);
            bytes -= chunk;
        }
    }

    private static uint XorShift(uint x)
    {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x;
    }

    /// <summary>10 ms ramps at segment edges: hard cuts would click.</summary>
    private static double Fade(int n, int length) => Math.Min(1.0, Math.Min(n, length - 1 - n) / 80.0);

    /// <summary>A fundamental with two harmonics, amplitude-modulated at syllable rate.</summary>
    private sealed class Voice(int hertz, int syllablesPerSecond)
    {
        private readonly uint _step = Step(hertz);
        private readonly uint _syllableStep = Step(syllablesPerSecond);
        private uint _phase;
        private uint _syllable;

        public double Next(int amplitude)
        {
            _phase += _step;
            _syllable += _syllableStep;
            var tone = At(_phase) + At(_phase * 2) / 2.0 + At(_phase * 3) / 4.0;
            var envelope = 0.55 + 0.45 * At(_syllable) / short.MaxValue;
            return amplitude * envelope * tone / (1.75 * short.MaxValue);
        }

        private static short At(uint phase) => Sine[phase >> (32 - TableBits)];
        private static uint Step(int hertz) => (uint)((ulong)hertz * (1UL << 32) / AudioPlan.SampleRate);
    }
}
