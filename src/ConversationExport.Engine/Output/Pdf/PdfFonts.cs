using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace ConversationExport.Engine.Output.Pdf;

/// <summary>
/// Serves the DejaVu Sans faces compiled into this assembly (Output/Pdf/Fonts, see NOTICE there)
/// under a family name no system font uses, so PDFs render the same on Windows, Linux and macOS
/// with no font configuration. Any other family is handed to PDFsharp's platform resolver, so
/// installing this resolver takes nothing away from other PDFsharp users in the process.
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    /// <summary>The family name to ask XFont for.</summary>
    public const string FamilyName = "ConversationExport DejaVu Sans";

    internal const string RegularFace = "CE-DejaVuSans";
    internal const string BoldFace = "CE-DejaVuSans-Bold";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase))
            // No italic face is shipped; PDFsharp slants the upright one when italic is asked for.
            return new FontResolverInfo(bold ? BoldFace : RegularFace, false, italic);
        return PlatformFontResolver.ResolveTypeface(familyName, bold, italic);
    }

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => EmbeddedFonts.Regular,
        BoldFace => EmbeddedFonts.Bold,
        _ => null,
    };
}

/// <summary>The font bytes, read once from the assembly's resources.</summary>
internal static class EmbeddedFonts
{
    private static readonly Lazy<byte[]> s_regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> s_bold = new(() => Load("DejaVuSans-Bold.ttf"));

    public static byte[] Regular => s_regular.Value;
    public static byte[] Bold => s_bold.Value;

    private static byte[] Load(string file)
    {
        var name = "ConversationExport.Engine.Output.Pdf.Fonts." + file;
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource '{name}' is missing from {typeof(EmbeddedFonts).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>
/// Hands out the regular and bold XFont of the embedded family. PDFsharp allows one global font
/// resolver per process, settable only before any font was used. The first call tries to install
/// <see cref="EmbeddedFontResolver"/>; when another component already installed its own (or fonts
/// were already used with the platform resolver, which forbids a change), the fonts are built
/// straight from the embedded bytes (XFontSource → XGlyphTypeface → XFont), a path that asks no
/// resolver at all. Either way the same faces are drawn and embedded.
/// </summary>
internal static class PdfFonts
{
    private static readonly object s_gate = new();
    private static FontMode s_mode;
    private static XGlyphTypeface? s_regularTypeface, s_boldTypeface;

    internal enum FontMode { Unset, Resolver, Direct }

    /// <summary>How fonts are obtained in this process (set on first use).</summary>
    internal static FontMode Mode
    {
        get { EnsureInitialized(); return s_mode; }
    }

    public static XFont Create(double size, bool bold) => Create(size, bold, Mode);

    /// <summary>Tests use <paramref name="mode"/> to exercise the resolver-free path too.</summary>
    internal static XFont Create(double size, bool bold, FontMode mode)
    {
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        if (mode == FontMode.Resolver)
            return new XFont(EmbeddedFontResolver.FamilyName, size, style);
        return new XFont(DirectTypeface(bold), size);
    }

    private static XGlyphTypeface DirectTypeface(bool bold)
    {
        lock (s_gate)
        {
            if (bold)
                return s_boldTypeface ??= new XGlyphTypeface(XFontSource.GetOrCreateFrom(EmbeddedFonts.Bold));
            return s_regularTypeface ??= new XGlyphTypeface(XFontSource.GetOrCreateFrom(EmbeddedFonts.Regular));
        }
    }

    private static void EnsureInitialized()
    {
        if (s_mode != FontMode.Unset)
            return;
        lock (s_gate)
        {
            if (s_mode != FontMode.Unset)
                return;
            if (GlobalFontSettings.FontResolver is null)
            {
                try
                {
                    GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
                }
                catch (InvalidOperationException)
                {
                    // "You must not change font resolver after it was once used": another part of
                    // the process drew text with the platform resolver first. Use the direct path.
                }
            }
            // Setting a second instance of the same type is silently ignored by PDFsharp, so the
            // type test also covers "installed earlier by this assembly".
            s_mode = GlobalFontSettings.FontResolver is EmbeddedFontResolver ? FontMode.Resolver : FontMode.Direct;
        }
    }
}
