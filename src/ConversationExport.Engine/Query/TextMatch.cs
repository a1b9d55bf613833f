namespace ConversationExport.Engine.Query;

/// <summary>
/// Text comparison as the catalog does it: case-insensitive for ASCII letters only (SQLite's
/// NOCASE and LIKE), with PowerShell's wildcards * and ? and the backtick escape.
/// </summary>
public static class TextMatch
{
    public static bool EqualsIgnoreAsciiCase(string value, string other)
    {
        if (value.Length != other.Length) return false;
        for (var i = 0; i < value.Length; i++)
            if (Fold(value[i]) != Fold(other[i])) return false;
        return true;
    }

    /// <summary>Whether <paramref name="value"/> matches the wildcard <paramref name="pattern"/>.</summary>
    /// <remarks>Works on code points, as SQLite's LIKE does: ? is one character even when it is an emoji.</remarks>
    public static bool Like(string value, string pattern)
    {
        var text = CodePoints(value);
        var tokens = CodePointTokens(pattern);
        // Two-pointer glob match with backtracking to the last star: linear for typical patterns.
        int v = 0, t = 0, starToken = -1, starValue = 0;
        while (v < text.Count)
        {
            if (t < tokens.Count && tokens[t].Kind == TokenKind.Star)
            {
                starToken = t++;
                starValue = v;
            }
            else if (t < tokens.Count && (tokens[t].Kind == TokenKind.One || Fold(tokens[t].CodePoint) == Fold(text[v])))
            {
                t++;
                v++;
            }
            else if (starToken >= 0)
            {
                t = starToken + 1;
                v = ++starValue;
            }
            else return false;
        }
        while (t < tokens.Count && tokens[t].Kind == TokenKind.Star) t++;
        return t == tokens.Count;
    }

    public static bool HasWildcard(string pattern) => Tokenize(pattern).Any(t => t.Kind != TokenKind.Literal);

    public enum TokenKind { Literal, One, Star }

    public readonly record struct Token(TokenKind Kind, char Char);

    /// <summary>The pattern as literals and wildcards; the SQL dialects translate the same tokens.</summary>
    public static List<Token> Tokenize(string pattern)
    {
        var tokens = new List<Token>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '`' && i + 1 < pattern.Length) tokens.Add(new Token(TokenKind.Literal, pattern[++i]));
            else if (c == '*') tokens.Add(new Token(TokenKind.Star, c));
            else if (c == '?') tokens.Add(new Token(TokenKind.One, c));
            else tokens.Add(new Token(TokenKind.Literal, c));
        }
        return tokens;
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    private static int Fold(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;

    private readonly record struct CodePointToken(TokenKind Kind, int CodePoint);

    private static List<int> CodePoints(string text)
    {
        var points = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes()) points.Add(rune.Value);
        return points;
    }

    private static List<CodePointToken> CodePointTokens(string pattern)
    {
        var tokens = Tokenize(pattern);
        var merged = new List<CodePointToken>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Literal && char.IsHighSurrogate(token.Char) && i + 1 < tokens.Count
                && tokens[i + 1].Kind == TokenKind.Literal && char.IsLowSurrogate(tokens[i + 1].Char))
            {
                merged.Add(new CodePointToken(TokenKind.Literal, char.ConvertToUtf32(token.Char, tokens[++i].Char)));
            }
            else merged.Add(new CodePointToken(token.Kind, token.Char));
        }
        return merged;
    }
}
