namespace ConversationExport.Engine.Output;

/// <summary>
/// Reads format lists such as <c>-MetadataFormat Csv,Json</c> or <c>-CdrFormat Csv,Pdf</c> into
/// the values of a format enum, with one error for every kind of list.
/// </summary>
public static class OutputFormats
{
    /// <summary>
    /// The formats named in <paramref name="names"/>, each once, in the order first given. Names
    /// ignore case and surrounding blanks, and an entry may hold several separated by commas.
    /// Only the enum's names are accepted (not numbers, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
    /// would take), and never <paramref name="excluded"/> (such as a <c>None</c> member).
    /// </summary>
    /// <param name="parameter">The parameter the names came from, for the error (<c>MetadataFormat</c>).</param>
    /// <returns>An empty list when <paramref name="names"/> is null or names nothing.</returns>
    /// <exception cref="ConversationExportException">FormatUnknown (InvalidArgument) naming the parameter,
    /// the unknown name and the accepted ones.</exception>
    public static IReadOnlyList<TEnum> Parse<TEnum>(IEnumerable<string>? names, string parameter, params TEnum[] excluded)
        where TEnum : struct, Enum
    {
        var accepted = Enum.GetValues<TEnum>().Where(v => !excluded.Contains(v)).ToArray();
        var result = new List<TEnum>();
        foreach (var name in (names ?? []).Where(n => n is not null)
                     .SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var match = accepted.Where(v => string.Equals(v.ToString(), name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (match.Length == 0)
                throw new ConversationExportException(ErrorId.FormatUnknown, ErrorKind.InvalidArgument,
                    $"The {parameter} '{name}' is not known. Accepted values: {string.Join(", ", accepted)}.", name);
            if (!result.Contains(match[0])) result.Add(match[0]);
        }
        return result.AsReadOnly();
    }
}
