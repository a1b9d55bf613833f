using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// Encrypts one ZIP entry's data the WinZip AE-2 way (AES-256): PBKDF2-HMAC-SHA1 (1000 rounds,
/// random 16-byte salt) gives the AES key, the HMAC key and a 2-byte password verifier; data is
/// AES-CTR with WinZip's counter (a little-endian 64-bit block number starting at 1 in the low 8
/// bytes of the counter block, the high 8 bytes zero); a 10-byte HMAC-SHA1 of the ciphertext ends it.
/// Written: salt, verifier, ciphertext, then — on <see cref="Finish"/> — the authentication code.
/// The platform's AES (AES-NI) builds the keystream many blocks at a time through ECB, which is
/// what makes this several times faster than a managed AES.
/// </summary>
internal sealed class WinZipAesStream : Stream
{
    public const int SaltLength = 16;
    public const int VerifierLength = 2;
    public const int AuthCodeLength = 10;
    /// <summary>Bytes the encryption adds to an entry's compressed size.</summary>
    public const int Overhead = SaltLength + VerifierLength + AuthCodeLength;

    private const int KeyLength = 32;
    private const int Iterations = 1000;
    private const int KeystreamBlocks = 1024; // 16 KiB of keystream per AES call

    private readonly Stream _output;
    private readonly Aes _aes;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _counters = new byte[KeystreamBlocks * 16];
    private readonly byte[] _keystream = new byte[KeystreamBlocks * 16];
    private readonly byte[] _scratch;
    private int _keystreamUsed = KeystreamBlocks * 16;
    private ulong _nextBlock = 1;
    private bool _finished;
    private bool _disposed;

    public WinZipAesStream(Stream output, string password)
    {
        _output = output;
        Span<byte> salt = stackalloc byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        // WinZip and 7-Zip take an AES password as UTF-8.
        var keys = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA1,
            2 * KeyLength + VerifierLength);
        _aes = Aes.Create();
        _aes.Key = keys.AsSpan(0, KeyLength).ToArray();
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.AsSpan(KeyLength, KeyLength));
        _scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        _output.Write(salt);
        _output.Write(keys, 2 * KeyLength, VerifierLength);
        CryptographicOperations.ZeroMemory(keys);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, _scratch.Length);
            var cipher = _scratch.AsSpan(0, n);
            var done = 0;
            while (done < n)
            {
                if (_keystreamUsed == _keystream.Length) NextKeystream();
                var take = Math.Min(n - done, _keystream.Length - _keystreamUsed);
                Xor(buffer.Slice(done, take), _keystream.AsSpan(_keystreamUsed, take), cipher.Slice(done, take));
                _keystreamUsed += take;
                done += take;
            }
            _hmac.AppendData(cipher);
            _output.Write(cipher);
            buffer = buffer[n..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    private void NextKeystream()
    {
        for (var i = 0; i < KeystreamBlocks; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(_counters.AsSpan(i * 16, 8), _nextBlock++);
        _aes.EncryptEcb(_counters, _keystream, PaddingMode.None);
        _keystreamUsed = 0;
    }

    private static void Xor(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, Span<byte> result)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(key[i..])).CopyTo(result[i..]);
        }
        for (; i < data.Length; i++) result[i] = (byte)(data[i] ^ key[i]);
    }

    /// <summary>Writes the authentication code; the entry is complete after this.</summary>
    public void Finish()
    {
        if (_finished) return;
        Span<byte> mac = stackalloc byte[20];
        _hmac.GetHashAndReset(mac);
        _output.Write(mac[..AuthCodeLength]);
        _finished = true;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _finished = true;
            _aes.Dispose();
            _hmac.Dispose();
            ArrayPool<byte>.Shared.Return(_scratch);
            CryptographicOperations.ZeroMemory(_keystream);
        }
        base.Dispose(disposing);
    }
}
