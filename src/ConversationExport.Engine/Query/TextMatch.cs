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
    public static bool Like(string value, string pattern)
    {
        var tokens = Tokenize(pattern);
        // Classic two-pointer glob match with backtracking to the last star: linear for typical patterns.
        int v = 0, t = 0, starToken = -1, starValue = 0;
        while (v < value.Length)
        {
            if (t < tokens.Count && tokens[t].Kind == TokenKind.Star)
            {
                starToken = t++;
                starValue = v;
            }
            else if (t < tokens.Count && (tokens[t].Kind == TokenKind.One || Fold(tokens[t].Char) == Fold(value[v])))
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
}
