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
internal sealed class WinZipAesStream : WriteOnlyStream
{
    public const int SaltLength = 16;
    public const int VerifierLength = 2;
    public const int AuthCodeLength = 10;
    /// <summary>Bytes the encryption adds to an entry's compressed size.</summary>
    public const int Overhead = SaltLength + VerifierLength + AuthCodeLength;

    private const int KeyLength = 32;
    private const int KeystreamBlocks = 4096; // 64 KiB of keystream per AES call

    private readonly Stream _output;
    private readonly Aes _aes;
    // One ECB transform for the entry: the one-shot EncryptEcb would set up a cipher context per call.
    private readonly ICryptoTransform _ecb;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _counters = new byte[KeystreamBlocks * 16];
    private readonly byte[] _keystream = new byte[KeystreamBlocks * 16];
    private readonly byte[] _scratch;
    private int _keystreamUsed = KeystreamBlocks * 16;
    private ulong _nextBlock = 1;
    private bool _finished;
    private bool _disposed;

    public WinZipAesStream(Stream output, string password) : this(output, WinZipAesKeys.Derive(password))
    {
    }

    /// <param name="keys">Derived for this entry alone (<see cref="WinZipAesKeys.Derive"/>); cleared once taken.</param>
    public WinZipAesStream(Stream output, WinZipAesKeys keys)
    {
        _output = output;
        var material = keys.Take();
        _aes = Aes.Create();
        _aes.Key = material.AsSpan(0, KeyLength).ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, material.AsSpan(KeyLength, KeyLength));
        _scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        _output.Write(keys.Salt);
        _output.Write(material, 2 * KeyLength, VerifierLength);
        CryptographicOperations.ZeroMemory(material);
    }

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

    private void NextKeystream()
    {
        for (var i = 0; i < KeystreamBlocks; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(_counters.AsSpan(i * 16, 8), _nextBlock++);
        _ecb.TransformBlock(_counters, 0, _counters.Length, _keystream, 0);
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

    public override bool CanWrite => !_finished;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _finished = true;
            _ecb.Dispose();
            _aes.Dispose();
            _hmac.Dispose();
            ArrayPool<byte>.Shared.Return(_scratch);
            CryptographicOperations.ZeroMemory(_keystream);
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// One entry's AES key, HMAC key and password verifier, derived from the password and a fresh
/// random salt with PBKDF2 (1000 rounds of HMAC-SHA1, as AE-2 prescribes). That costs about a
/// millisecond per entry — as much as encrypting a megabyte — so the writer derives them on its
/// workers, beside the compression, not on the thread that writes the part.
/// </summary>
internal sealed class WinZipAesKeys
{
    private const int KeyLength = 32;
    private const int Iterations = 1000;

    private byte[]? _material;

    private WinZipAesKeys(byte[] salt, byte[] material) => (Salt, _material) = (salt, material);

    public byte[] Salt { get; }

    public static WinZipAesKeys Derive(string password)
    {
        var salt = new byte[WinZipAesStream.SaltLength];
        RandomNumberGenerator.Fill(salt);
        // WinZip and 7-Zip take an AES password as UTF-8.
        var material = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA1,
            2 * KeyLength + WinZipAesStream.VerifierLength);
        return new WinZipAesKeys(salt, material);
    }

    /// <summary>The key material (AES key, HMAC key, verifier), once: a salt is never used for two entries.</summary>
    public byte[] Take() => Interlocked.Exchange(ref _material, null) ?? throw new InvalidOperationException("These keys were already used.");
}
