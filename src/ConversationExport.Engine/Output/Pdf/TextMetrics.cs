using System.Text;
using PdfSharp.Drawing;

namespace ConversationExport.Engine.Output.Pdf;

/// <summary>
/// Widths of text in one face at a font size of 1 pt (multiply by the size). PDFsharp draws
/// without kerning, so a string's width is the sum of its characters' advances; those are
/// measured once per character and cached, which keeps wrapping 10,000 rows cheap.
/// </summary>
internal sealed class TextMetrics
{
    private const double ReferenceSize = 100;
    private readonly XGraphics _measure;
    private readonly XFont _font;
    private readonly double[] _bmp = new double[0x3000];
    private readonly Dictionary<int, double> _other = new();

    public TextMetrics(XGraphics measureContext, XFont referenceFont)
    {
        _measure = measureContext;
        _font = referenceFont;
        Array.Fill(_bmp, double.NaN);
        SpaceWidth = Width(" ");
        EllipsisWidth = Width(Ellipsis);
    }

    public const string Ellipsis = "\u2026";
    public double SpaceWidth { get; }
    public double EllipsisWidth { get; }

    public static TextMetrics Create(bool bold, PdfFonts.FontMode mode)
    {
        var gfx = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
        return new TextMetrics(gfx, PdfFonts.Create(ReferenceSize, bold, mode));
    }

    /// <summary>Width of <paramref name="text"/> at 1 pt.</summary>
    public double Width(ReadOnlySpan<char> text)
    {
        double total = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                total += CodePoint(char.ConvertToUtf32(c, text[i + 1]), text.Slice(i, 2));
                i++;
            }
            else if (c < _bmp.Length)
            {
                var w = _bmp[c];
                if (double.IsNaN(w))
                    _bmp[c] = w = Measure(text.Slice(i, 1));
                total += w;
            }
            else
            {
                total += CodePoint(c, text.Slice(i, 1));
            }
        }
        return total;
    }

    private double CodePoint(int cp, ReadOnlySpan<char> chars)
    {
        if (!_other.TryGetValue(cp, out var w))
            _other[cp] = w = Measure(chars);
        return w;
    }

    private double Measure(ReadOnlySpan<char> chars) =>
        _measure.MeasureString(chars.ToString(), _font).Width / ReferenceSize;

    /// <summary>
    /// Makes arbitrary text drawable: CR/CRLF become LF, tabs and other control characters a
    /// space, unpaired surrogates U+FFFD. Null becomes empty.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        var clean = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && c != '\n') || char.IsSurrogate(c))
            {
                clean = false;
                break;
            }
        }
        if (clean)
            return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                sb.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
            }
            else if (c == '\n')
                sb.Append('\n');
            else if (char.IsControl(c))
                sb.Append(' ');
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
                sb.Append('\uFFFD');
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Widest unbreakable word and widest paragraph of <paramref name="text"/>, at 1 pt.</summary>
    public (double LongestWord, double Natural) Extent(string text)
    {
        double word = 0, natural = 0;
        foreach (var paragraph in text.AsSpan().EnumerateLines())
        {
            natural = Math.Max(natural, Width(paragraph));
            var rest = paragraph;
            while (!rest.IsEmpty)
            {
                var space = rest.IndexOf(' ');
                var token = space < 0 ? rest : rest[..space];
                if (!token.IsEmpty)
                    word = Math.Max(word, Width(token));
                rest = space < 0 ? default : rest[(space + 1)..];
            }
        }
        return (word, natural);
    }

    /// <summary>
    /// Breaks <paramref name="text"/> (already <see cref="Clean"/>) into lines no wider than
    /// <paramref name="width"/> points at <paramref name="size"/> pt: at spaces, and inside a word
    /// only when the word alone is wider than the line. Beyond <paramref name="maxLines"/> the
    /// text is cut and the last line ends with an ellipsis.
    /// </summary>
    public List<string> Wrap(string text, double size, double width, int maxLines)
    {
        var lines = new List<string>(1);
        if (text.Length == 0)
            return lines;
        var limit = width / size + 1e-9;  // compare at 1 pt; the epsilon absorbs rounding when width was sized to fit exactly
        if (text.IndexOf('\n') < 0 && Width(text) <= limit)
        {
            lines.Add(text);
            return lines;
        }

        var truncated = false;
        var line = new StringBuilder();
        foreach (var paragraph in text.AsSpan().EnumerateLines())
        {
            if (lines.Count > maxLines)
            {
                truncated = true;
                break;
            }
            line.Clear();
            double lineWidth = 0;
            var rest = paragraph;
            while (!rest.IsEmpty && lines.Count <= maxLines)
            {
                var space = rest.IndexOf(' ');
                var token = space < 0 ? rest : rest[..space];
                rest = space < 0 ? default : rest[(space + 1)..];
                if (token.IsEmpty)
                    continue;
                var tokenWidth = Width(token);
                var needed = line.Length == 0 ? tokenWidth : lineWidth + SpaceWidth + tokenWidth;
                if (needed <= limit)
                {
                    if (line.Length > 0)
                        line.Append(' ');
                    line.Append(token);
                    lineWidth = needed;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }
                if (tokenWidth <= limit)
                {
                    line.Append(token);
                    lineWidth = tokenWidth;
                    continue;
                }
                // A word wider than the column: break it where it must.
                while (!token.IsEmpty)
                {
                    var take = FitCount(token, limit);
                    if (take == token.Length)
                    {
                        line.Append(token);
                        lineWidth = Width(token);
                        break;
                    }
                    lines.Add(token[..take].ToString());
                    token = token[take..];
                    if (lines.Count > maxLines)
                        break;
                }
            }
            if (line.Length > 0 || paragraph.IsEmpty)
                lines.Add(line.ToString());
        }

        // Trailing empty lines (from trailing newlines) carry nothing.
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        if (lines.Count > maxLines)
        {
            truncated = true;
            lines.RemoveRange(maxLines, lines.Count - maxLines);
        }
        if (truncated)
        {
            if (lines.Count == 0)
                lines.Add(string.Empty);
            var last = lines[^1];
            var room = limit - EllipsisWidth;
            var keep = FitCount(last, room);
            lines[^1] = last[..keep].TrimEnd() + Ellipsis;
        }
        return lines;
    }

    /// <summary>How many leading chars of <paramref name="text"/> fit in <paramref name="limit"/> (at 1 pt), at least one char.</summary>
    private int FitCount(ReadOnlySpan<char> text, double limit)
    {
        if (text.IsEmpty)
            return 0;
        double w = 0;
        var i = 0;
        while (i < text.Length)
        {
            var n = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var cw = Width(text.Slice(i, n));
            if (w + cw > limit)
                break;
            w += cw;
            i += n;
        }
        if (i == 0)
            i = Math.Min(text.Length, char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1);
        return i;
    }
}
