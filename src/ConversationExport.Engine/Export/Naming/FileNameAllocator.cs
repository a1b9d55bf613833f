using System.Text;

namespace ConversationExport.Engine.Export.Naming;

/// <summary>
/// Hands out unique relative paths for one export, in run order: a name already taken gets a
/// counter before its extension (<c>name_1.wav</c>, <c>name_2.wav</c>). Names are compared
/// ignoring case, because Windows and macOS folders do, and the same input order always gives the
/// same names.
/// </summary>
/// <remarks>
/// <para>Each call owns its base: once <c>x.wav</c> went to one conversation, <c>x.xml</c> is not
/// handed to another (it gets <c>x_1.xml</c>), so files that share a base always belong together.</para>
/// <para>What is taken lives in an <see cref="ISet{T}"/> of keys: <see cref="Key"/> of each path,
/// and <see cref="Key"/> + "/" of each base (no file path ends in '/'). The default set is in memory
/// (roughly 200 bytes a file, fine for runs of a few hundred thousand files). A store that must
/// outlive the process, such as the catalog's run items, can implement <see cref="ISet{T}"/> over
/// these keys; only Contains and Add are used, and names are never released, which is what makes
/// the result depend on nothing but the order of the calls.</para>
/// <para>A resumed run seeds the allocator with the paths it already delivered
/// (<see cref="FileNameAllocator(IEnumerable{string})"/>): those keep their names, and the rest get
/// names an uninterrupted run would have given, except when a later base happens to equal a
/// delivered name with its extension removed (<c>x_1_2</c> of <c>x_1_2.wav</c>).</para>
/// </remarks>
public sealed class FileNameAllocator
{
    private readonly ISet<string> _taken;
    // Per base and extension list, the counter after the last one handed out. Names are never
    // released, so every lower counter is known to fail for the same request: the search is not
    // quadratic when a pattern names every file alike.
    private readonly Dictionary<string, long> _nextCounter = new(StringComparer.Ordinal);

    public FileNameAllocator() : this(new HashSet<string>(StringComparer.Ordinal)) { }

    /// <summary>Seeded with the relative paths an earlier attempt of the same run already wrote; each also claims its base (the path without extension).</summary>
    public FileNameAllocator(IEnumerable<string> alreadyTaken) : this()
    {
        ArgumentNullException.ThrowIfNull(alreadyTaken);
        foreach (var path in alreadyTaken) Reserve(path);
    }

    /// <summary>Backed by <paramref name="takenKeys"/>, which holds keys as the remarks describe, not paths.</summary>
    public FileNameAllocator(ISet<string> takenKeys) => _taken = takenKeys ?? throw new ArgumentNullException(nameof(takenKeys));

    /// <summary>The form a path is compared in: '/'-separated, NFC, upper case (invariant).</summary>
    public static string Key(string relativePath) =>
        relativePath.Replace('\\', '/').Normalize(NormalizationForm.FormC).ToUpperInvariant();

    private static string BaseKey(string relativeBase) => Key(relativeBase) + "/";

    /// <summary>True when the path was handed out or reserved.</summary>
    public bool IsTaken(string relativePath) => _taken.Contains(Key(relativePath));

    /// <summary>Marks a path and its base as taken; false when the path already was.</summary>
    public bool Reserve(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        _taken.Add(BaseKey(SplitExtension(relativePath).Base));
        return _taken.Add(Key(relativePath));
    }

    /// <summary>A unique path for one file: <paramref name="relativePath"/> itself, or with "_1", "_2" … before its extension.</summary>
    public string Allocate(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var (relativeBase, extension) = SplitExtension(relativePath);
        return AllocateGroup(relativeBase, [extension])[0];
    }

    /// <summary>
    /// Unique paths for the files of one conversation, which all share one base so that media and
    /// their metadata sidecars stay recognisably together: <c>x.wav, x.xml, x.json</c>. A second
    /// file with the same extension gets "_2" (<c>x.wav, x_2.wav</c>). When the base or any of the
    /// names is taken the whole set moves to the next counter (<c>x_1.wav, x_1_2.wav, x_1.xml</c>).
    /// </summary>
    /// <param name="relativeBase">The path without extension, as <see cref="ExportPath.Combine"/> makes it with an empty extension.</param>
    /// <param name="extensions">One per file, in the order the paths are returned; "" for none.</param>
    public IReadOnlyList<string> AllocateGroup(string relativeBase, IReadOnlyList<string> extensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativeBase);
        ArgumentNullException.ThrowIfNull(extensions);
        if (extensions.Count == 0) return [];

        var suffixes = new string[extensions.Count];
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < extensions.Count; i++)
        {
            var ext = ExportPath.SanitizeExtension(extensions[i]);
            var n = seen[ext] = seen.GetValueOrDefault(ext) + 1;
            suffixes[i] = (n == 1 ? "" : "_" + n) + (ext.Length == 0 ? "" : "." + ext);
        }

        var request = Key(relativeBase) + "\0" + Key(string.Join("\0", suffixes));
        var counter = _nextCounter.GetValueOrDefault(request);
        var paths = new string[suffixes.Length];
        string stem;
        while (true)
        {
            stem = counter == 0 ? relativeBase : relativeBase + "_" + counter;
            for (var i = 0; i < suffixes.Length; i++) paths[i] = stem + suffixes[i];
            if (!_taken.Contains(BaseKey(stem)) && !paths.Any(IsTaken) && paths.Select(Key).Distinct().Count() == paths.Length) break;
            counter++;
        }
        _taken.Add(BaseKey(stem));
        foreach (var path in paths) _taken.Add(Key(path));
        // The first use of a base needs no memo: a repeat finds counter 0 taken at the first probe.
        if (counter > 0) _nextCounter[request] = counter + 1;
        return paths;
    }

    private static (string Base, string Extension) SplitExtension(string relativePath)
    {
        var slash = relativePath.LastIndexOfAny(['/', '\\']);
        var dot = relativePath.LastIndexOf('.');
        return dot > slash + 1 ? (relativePath[..dot], relativePath[(dot + 1)..]) : (relativePath, "");
    }
}
