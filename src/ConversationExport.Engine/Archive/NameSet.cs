using System.IO.Hashing;
using System.Text;

namespace ConversationExport.Engine.Archive;

/// <summary>
/// The names already in an export, to refuse a second file of the same name. Kept as 128-bit
/// hashes of the upper-cased name (16 bytes each, however long the name): with hundreds of
/// thousands of files the names themselves would be tens of megabytes, and a collision of two
/// different names is beyond any real run (about 2^-100 for a million files).
/// </summary>
/// <remarks>
/// Split by the hash's top bits into many small sets: they grow a little at a time on the
/// small-object heap, instead of one array that doubles on the large-object heap — tens of
/// megabytes at a time, which the garbage collector then keeps committed (measured: the export
/// memory bench's growth from 10,000 to 100,000 conversations came mostly from there).
/// </remarks>
internal sealed class NameSet
{
    private const int ShardBits = 10;

    private readonly HashSet<UInt128>?[] _shards = new HashSet<UInt128>?[1 << ShardBits];

    /// <summary>False when a name equal ignoring case was added before.</summary>
    public bool Add(string path)
    {
        // Hash into bytes, not HashToUInt128: the netstandard build of System.IO.Hashing 11 (which net8.0 gets) lacks it.
        Span<byte> digest = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes(path.ToUpperInvariant()), digest);
        var hash = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(digest);
        var shard = _shards[(int)(hash >> (128 - ShardBits))] ??= [];
        return shard.Add(hash);
    }
}
