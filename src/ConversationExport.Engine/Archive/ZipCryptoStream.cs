using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// Traditional PKWARE encryption ("ZipCrypto", APPNOTE §6.1). Weak by today's standards — kept
/// because some recipients' tools open nothing else. The 12-byte header ends with a check byte
/// that readers compare to verify the password. It is normally the CRC's high byte, but the CRC is
/// known only after the whole entry has been read, and this entry is encrypted while it streams;
/// so, like Info-ZIP's zip, the entry is flagged with general purpose bit 3 (data descriptor) and
/// the check byte is the high byte of the DOS time, which is what readers expect under that flag.
/// </summary>
internal sealed class ZipCryptoStream : WriteOnlyStream
{
    public const int HeaderLength = 12;

    private static readonly uint[] CrcTable = BuildCrcTable();

    private readonly Stream _output;
    private readonly byte[] _scratch;
    private uint _key0 = 0x12345678, _key1 = 0x23456789, _key2 = 0x34567890;
    private bool _disposed;

    /// <param name="checkByte">The header's last byte: (DOS time &gt;&gt; 8) &amp; 0xFF for a bit-3 entry.</param>
    public ZipCryptoStream(Stream output, string password, byte checkByte)
    {
        _output = output;
        // Info-ZIP and 7-Zip hash the password's bytes as given; UTF-8 agrees with both for ASCII
        // passwords, and is what they use for UTF-8 passwords on Unix.
        foreach (var b in Encoding.UTF8.GetBytes(password)) UpdateKeys(b);
        _scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        Span<byte> header = stackalloc byte[HeaderLength];
        RandomNumberGenerator.Fill(header);
        header[HeaderLength - 1] = checkByte;
        Write(header);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, _scratch.Length);
            var cipher = _scratch.AsSpan(0, n);
            uint key0 = _key0, key1 = _key1, key2 = _key2;
            for (var i = 0; i < n; i++)
            {
                var plain = buffer[i];
                var temp = (key2 | 2) & 0xFFFF;
                cipher[i] = (byte)(plain ^ (byte)((temp * (temp ^ 1)) >> 8));
                key0 = CrcTable[(key0 ^ plain) & 0xFF] ^ (key0 >> 8);
                key1 = (key1 + (key0 & 0xFF)) * 134775813 + 1;
                key2 = CrcTable[(key2 ^ (key1 >> 24)) & 0xFF] ^ (key2 >> 8);
            }
            _key0 = key0; _key1 = key1; _key2 = key2;
            _output.Write(cipher);
            buffer = buffer[n..];
        }
    }

    private void UpdateKeys(byte b)
    {
        _key0 = CrcTable[(_key0 ^ b) & 0xFF] ^ (_key0 >> 8);
        _key1 = (_key1 + (_key0 & 0xFF)) * 134775813 + 1;
        _key2 = CrcTable[(_key2 ^ (_key1 >> 24)) & 0xFF] ^ (_key2 >> 8);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    public override bool CanWrite => !_disposed;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_scratch);
        }
        base.Dispose(disposing);
    }
}
