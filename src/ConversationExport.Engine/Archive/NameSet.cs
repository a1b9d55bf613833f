using System.IO.Hashing;
using System.Text;

namespace ConversationExport.Engine.Archive;

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
