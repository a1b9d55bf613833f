using System.Buffers.Binary;
using System.Text;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// The ZIP records this writer emits (PKWARE APPNOTE 6.3.x): local file headers, data descriptors,
/// central directory headers and the end records, with Zip64 extra fields only where a value does
/// not fit in 32 bits (or the entry count in 16), so small archives stay plain ZIP for old tools.
/// </summary>
/// <remarks>
/// Why not SharpZipLib's <c>ZipOutputStream.PutNextPassthroughEntry</c> (read in 1.4.2's source):
/// it accepts only Deflated entries (our stored media would be rejected), refuses to run with a
/// password set (so neither ZipCrypto nor AES data produced elsewhere can be passed through), and
/// offers no way to add the AES 0x9901 extra field without its own managed AES running over the
/// data. What remained for it — the unencrypted deflated entries of one method — is not worth a
/// second container path; these records are a few hundred lines and are checked in the tests with
/// 7-Zip, Info-ZIP unzip, .NET's ZipArchive and SharpZipLib's ZipFile.
/// </remarks>
internal static class ZipFormat
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const uint DataDescriptorSignature = 0x08074b50;
    public const uint CentralHeaderSignature = 0x02014b50;
    public const uint EndSignature = 0x06054b50;
    public const uint Zip64EndSignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;

    public const ushort Stored = 0;
    public const ushort Deflated = 8;
    /// <summary>The method an AES entry's headers carry; the real one is in the 0x9901 extra field.</summary>
    public const ushort WinZipAes = 99;

    public const ushort FlagEncrypted = 1 << 0;
    public const ushort FlagDataDescriptor = 1 << 3;
    public const ushort FlagUtf8 = 1 << 11;

    /// <summary>Above this, a 32-bit field holds 0xFFFFFFFF and the value moves to the Zip64 extra field.</summary>
    public const long Max32 = 0xFFFFFFFE;
    /// <summary>Entry counts from 0xFFFF up go to the Zip64 end record (0xFFFF itself is the marker).</summary>
    public const long Max16 = 0xFFFE;

    public const ushort Zip64ExtraId = 0x0001;
    public const ushort ExtendedTimestampId = 0x5455;
    public const ushort AesExtraId = 0x9901;

    /// <summary>Host 0 (MS-DOS/FAT attributes, so Windows and unzip apply their default permissions), spec 6.3.</summary>
    public const ushort VersionMadeBy = 63;

    public const int LocalHeaderFixed = 30;
    public const int CentralHeaderFixed = 46;
    public const int EndLength = 22;
    public const int Zip64EndLength = 56;
    public const int Zip64LocatorLength = 20;
    /// <summary>The most the end records can take: Zip64 end record, its locator, the classic end record.</summary>
    public const int EndReserve = Zip64EndLength + Zip64LocatorLength + EndLength;

    public static bool IsAscii(string s)
    {
        foreach (var c in s) if (c > 0x7F) return false;
        return true;
    }

    /// <summary>MS-DOS date and time (local time, 2-second resolution, 1980–2107) as date &lt;&lt; 16 | time.</summary>
    public static uint DosTime(DateTime utc)
    {
        var local = utc.ToLocalTime();
        if (local.Year < 1980) return (0 << 9 | 1 << 5 | 1) << 16; // 1980-01-01 00:00
        if (local.Year > 2107) local = new DateTime(2107, 12, 31, 23, 59, 58);
        var date = (uint)((local.Year - 1980) << 9 | local.Month << 5 | local.Day);
        var time = (uint)(local.Hour << 11 | local.Minute << 5 | local.Second / 2);
        return date << 16 | time;
    }

    /// <summary>Unix seconds for the 0x5455 extra field, when they fit its signed 32 bits.</summary>
    public static int? UnixTime(DateTime utc)
    {
        var seconds = new DateTimeOffset(utc).ToUnixTimeSeconds();
        return seconds is >= 0 and <= int.MaxValue ? (int)seconds : null;
    }
}

/// <summary>
/// Everything the headers say about one entry. Entries are streamed into the part, so the local
/// header is written before the data with bit 3 set and zero CRC and sizes; the real values follow
/// the data in the data descriptor and go into the central directory.
/// </summary>
internal sealed class ZipEntryHeader
{
    public required byte[] Name { get; init; }
    public required ushort Flags { get; init; }
    /// <summary>0 (stored) or 8 (deflated): the data's real method, before any encryption.</summary>
    public required ushort Method { get; init; }
    public required bool Aes { get; init; }
    public required uint DosTime { get; init; }
    public required int? UnixTime { get; init; }
    /// <summary>
    /// Chosen before the data, when its size could pass 4 GiB (or is unknown): the local header then
    /// carries a Zip64 extra field, the descriptor 8-byte sizes, and the central header both sizes in
    /// its Zip64 field, so every record of the entry agrees.
    /// </summary>
    public required bool Zip64Sizes { get; init; }
    /// <summary>CRC-32 of the original bytes; written as 0 for AES (AE-2 relies on the HMAC instead).</summary>
    public uint Crc { get; init; }
    public long Size { get; init; }
    /// <summary>Bytes of entry data in the archive, encryption header and trailer included.</summary>
    public long CompressedSize { get; init; }

    /// <param name="dosTime">From <see cref="ZipFormat.DosTime"/>; passed in because ZipCrypto's check byte is made from it.</param>
    public static ZipEntryHeader Start(string path, ushort method, ArchiveMethod archiveMethod, uint dosTime, DateTime modifiedUtc, bool zip64Sizes)
    {
        var flags = ZipFormat.FlagDataDescriptor;
        if (!ZipFormat.IsAscii(path)) flags |= ZipFormat.FlagUtf8;
        if (archiveMethod is ArchiveMethod.ZipCrypto or ArchiveMethod.Aes256) flags |= ZipFormat.FlagEncrypted;
        var name = Encoding.UTF8.GetBytes(path);
        if (name.Length > ushort.MaxValue)
            throw new ArgumentException($"The path '{path[..60]}…' is longer than a ZIP entry name can be.", nameof(path));
        return new ZipEntryHeader
        {
            Name = name,
            Flags = (ushort)flags,
            Method = method,
            Aes = archiveMethod == ArchiveMethod.Aes256,
            DosTime = dosTime,
            UnixTime = ZipFormat.UnixTime(modifiedUtc),
            Zip64Sizes = zip64Sizes,
        };
    }

    /// <summary>The same entry with what its data turned out to be.</summary>
    public ZipEntryHeader Complete(uint crc, long size, long compressedSize)
    {
        if (!Zip64Sizes && (size > ZipFormat.Max32 || compressedSize > ZipFormat.Max32))
            throw new InvalidOperationException($"An entry of {size} bytes ({compressedSize} stored) was started without Zip64 sizes.");
        return new ZipEntryHeader
        {
            Name = Name, Flags = Flags, Method = Method, Aes = Aes, DosTime = DosTime, UnixTime = UnixTime, Zip64Sizes = Zip64Sizes,
            Crc = Aes ? 0 : crc,
            Size = size,
            CompressedSize = compressedSize,
        };
    }

    private ushort HeaderMethod => Aes ? ZipFormat.WinZipAes : Method;

    private ushort VersionNeeded(long offset) =>
        Aes ? (ushort)51 : Zip64Sizes || offset > ZipFormat.Max32 ? (ushort)45 : (ushort)20;

    private int CommonExtraLength => (UnixTime is null ? 0 : 9) + (Aes ? 11 : 0);

    public int LocalHeaderLength => ZipFormat.LocalHeaderFixed + Name.Length + (Zip64Sizes ? 20 : 0) + CommonExtraLength;

    public int DataDescriptorLength => Zip64Sizes ? 24 : 16;

    public int CentralHeaderLength(long offset) => ZipFormat.CentralHeaderFixed + Name.Length + CommonExtraLength + Zip64CentralLength(offset);

    private int Zip64CentralLength(long offset)
    {
        var fields = (Zip64Sizes ? 2 : 0) + (offset > ZipFormat.Max32 ? 1 : 0);
        return fields == 0 ? 0 : 4 + 8 * fields;
    }

    /// <summary>Bytes this entry adds to a part written at <paramref name="offset"/> when its data takes <paramref name="data"/> bytes.</summary>
    public long TotalLength(long offset, long data) => LocalHeaderLength + data + DataDescriptorLength + CentralHeaderLength(offset);

    public byte[] LocalHeader(long offset)
    {
        var buffer = new byte[LocalHeaderLength];
        var w = new RecordWriter(buffer);
        w.U32(ZipFormat.LocalHeaderSignature);
        w.U16(VersionNeeded(offset));
        w.U16(Flags);
        w.U16(HeaderMethod);
        w.U32(DosTime);
        // Bit 3: CRC and sizes are not known yet; they follow the data in the descriptor.
        w.U32(0);
        w.U32(Zip64Sizes ? uint.MaxValue : 0);
        w.U32(Zip64Sizes ? uint.MaxValue : 0);
        w.U16((ushort)Name.Length);
        w.U16((ushort)(LocalHeaderLength - ZipFormat.LocalHeaderFixed - Name.Length));
        w.Bytes(Name);
        if (Zip64Sizes)
        {
            // Present (with zero sizes) so that readers expect the descriptor's 8-byte sizes.
            w.U16(ZipFormat.Zip64ExtraId);
            w.U16(16);
            w.U64(0);
            w.U64(0);
        }
        WriteCommonExtra(ref w);
        w.End();
        return buffer;
    }

    public byte[] DataDescriptor()
    {
        var buffer = new byte[DataDescriptorLength];
        var w = new RecordWriter(buffer);
        w.U32(ZipFormat.DataDescriptorSignature);
        w.U32(Crc);
        if (Zip64Sizes)
        {
            w.U64((ulong)CompressedSize);
            w.U64((ulong)Size);
        }
        else
        {
            w.U32((uint)CompressedSize);
            w.U32((uint)Size);
        }
        w.End();
        return buffer;
    }

    public byte[] CentralHeader(long offset)
    {
        var buffer = new byte[CentralHeaderLength(offset)];
        var w = new RecordWriter(buffer);
        w.U32(ZipFormat.CentralHeaderSignature);
        w.U16(ZipFormat.VersionMadeBy);
        w.U16(VersionNeeded(offset));
        w.U16(Flags);
        w.U16(HeaderMethod);
        w.U32(DosTime);
        w.U32(Crc);
        w.U32(Zip64Sizes ? uint.MaxValue : (uint)CompressedSize);
        w.U32(Zip64Sizes ? uint.MaxValue : (uint)Size);
        w.U16((ushort)Name.Length);
        w.U16((ushort)(buffer.Length - ZipFormat.CentralHeaderFixed - Name.Length));
        w.U16(0); // comment
        w.U16(0); // disk number start
        w.U16(0); // internal attributes
        w.U32(0); // external attributes: a plain file
        w.U32(offset > ZipFormat.Max32 ? uint.MaxValue : (uint)offset);
        w.Bytes(Name);
        var zip64 = Zip64CentralLength(offset);
        if (zip64 > 0)
        {
            // Only the fields marked 0xFFFFFFFF above, in APPNOTE order: size, compressed size, offset.
            w.U16(ZipFormat.Zip64ExtraId);
            w.U16((ushort)(zip64 - 4));
            if (Zip64Sizes)
            {
                w.U64((ulong)Size);
                w.U64((ulong)CompressedSize);
            }
            if (offset > ZipFormat.Max32) w.U64((ulong)offset);
        }
        WriteCommonExtra(ref w);
        w.End();
        return buffer;
    }

    private void WriteCommonExtra(ref RecordWriter w)
    {
        if (UnixTime is { } unix)
        {
            // Extended timestamp: modification time only, UTC, so readers need not guess the DOS time's zone.
            w.U16(ZipFormat.ExtendedTimestampId);
            w.U16(5);
            w.U8(1);
            w.U32((uint)unix);
        }
        if (Aes)
        {
            // WinZip AES: vendor version 2 (AE-2: CRC not stored), vendor "AE", strength 3 (256-bit), real method.
            w.U16(ZipFormat.AesExtraId);
            w.U16(7);
            w.U16(2);
            w.U8((byte)'A');
            w.U8((byte)'E');
            w.U8(3);
            w.U16(Method);
        }
    }
}

/// <summary>The end of a part: the Zip64 end record and locator when needed, then the classic end record.</summary>
internal static class ZipEnd
{
    public static byte[] Build(long entries, long centralOffset, long centralSize)
    {
        var zip64 = entries > ZipFormat.Max16 || centralOffset > ZipFormat.Max32 || centralSize > ZipFormat.Max32;
        var buffer = new byte[(zip64 ? ZipFormat.Zip64EndLength + ZipFormat.Zip64LocatorLength : 0) + ZipFormat.EndLength];
        var w = new RecordWriter(buffer);
        if (zip64)
        {
            var zip64EndOffset = centralOffset + centralSize;
            w.U32(ZipFormat.Zip64EndSignature);
            w.U64(ZipFormat.Zip64EndLength - 12); // size of the rest of the record
            w.U16(45);                            // made by (spec 4.5, FAT)
            w.U16(45);                            // needed
            w.U32(0);                             // this disk
            w.U32(0);                             // disk of the central directory
            w.U64((ulong)entries);
            w.U64((ulong)entries);
            w.U64((ulong)centralSize);
            w.U64((ulong)centralOffset);

            w.U32(ZipFormat.Zip64LocatorSignature);
            w.U32(0);                             // disk of the Zip64 end record
            w.U64((ulong)zip64EndOffset);
            w.U32(1);                             // total disks
        }
        w.U32(ZipFormat.EndSignature);
        w.U16(0);
        w.U16(0);
        var count = entries > ZipFormat.Max16 ? ushort.MaxValue : (ushort)entries;
        w.U16(count);
        w.U16(count);
        w.U32(centralSize > ZipFormat.Max32 ? uint.MaxValue : (uint)centralSize);
        w.U32(centralOffset > ZipFormat.Max32 ? uint.MaxValue : (uint)centralOffset);
        w.U16(0); // comment length
        w.End();
        return buffer;
    }
}

/// <summary>Little-endian field writer over a record's exact-size buffer.</summary>
internal ref struct RecordWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _at;

    public void U8(byte value) => _buffer[_at++] = value;

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_at..], value);
        _at += 2;
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_at..], value);
        _at += 4;
    }

    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_at..], value);
        _at += 8;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_at..]);
        _at += value.Length;
    }

    /// <summary>Every record is sized before it is written; a mismatch is a bug, not a data problem.</summary>
    public readonly void End()
    {
        if (_at != _buffer.Length) throw new InvalidOperationException($"ZIP record sized {_buffer.Length} but {_at} bytes written.");
    }
}
