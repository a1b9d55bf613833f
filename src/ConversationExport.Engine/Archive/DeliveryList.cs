using System.Buffers.Binary;
using System.Collections;
using System.IO.Hashing;
using System.Text;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// The files of one open part, kept until the part is delivered. An unsplit run holds every file
/// of the run here, so each is kept compact — the path (already held by the caller), the size and
/// the 32 bytes of the hash — about a third of an <see cref="ArchivedFile"/> with its hex string.
/// Read as a list, it makes the <see cref="ArchivedFile"/> records as they are asked for.
/// </summary>
internal sealed class DeliveryList(string container) : IReadOnlyList<ArchivedFile>
{
    private readonly record struct Compact(string Path, long Size, UInt128 ShaHigh, UInt128 ShaLow);

    private readonly List<Compact> _files = [];

    public void Add(ArchivedFile file)
    {
        var sha = Convert.FromHexString(file.Sha256).AsSpan();
        _files.Add(new Compact(file.Path, file.Size,
            BinaryPrimitives.ReadUInt128BigEndian(sha), BinaryPrimitives.ReadUInt128BigEndian(sha[16..])));
    }

    public int Count => _files.Count;

    public ArchivedFile this[int index]
    {
        get
        {
            var file = _files[index];
            Span<byte> sha = stackalloc byte[32];
            BinaryPrimitives.WriteUInt128BigEndian(sha, file.ShaHigh);
            BinaryPrimitives.WriteUInt128BigEndian(sha[16..], file.ShaLow);
            return new ArchivedFile(file.Path, file.Size, Convert.ToHexString(sha).ToLowerInvariant(), container);
        }
    }

    public IEnumerator<ArchivedFile> GetEnumerator()
    {
        for (var i = 0; i < _files.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The names already in an export, to refuse a second file of the same name. Kept as 128-bit
/// hashes of the upper-cased name (16 bytes each, however long the name): with hundreds of
/// thousands of files the names themselves would be tens of megabytes, and a collision of two
/// different names is beyond any real run (about 2^-100 for a million files).
/// </summary>
internal sealed class NameSet
{
    private readonly HashSet<UInt128> _hashes = [];

    /// <summary>False when a name equal ignoring case was added before.</summary>
    public bool Add(string path) => _hashes.Add(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(path.ToUpperInvariant())));
}
