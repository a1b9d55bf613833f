using System.Diagnostics;
using System.Text.RegularExpressions;
using ConversationExport.Engine.Output.Pdf;

namespace ConversationExport.EngineTests.Output.Pdf;

/// <summary>Poppler's command-line tools as independent readers of the PDFs we write.</summary>
internal static partial class PdfTools
{
    public static string Text(string pdfPath, bool layout = false) =>
        Run("pdftotext", layout ? ["-layout", "-enc", "UTF-8", pdfPath, "-"] : ["-enc", "UTF-8", pdfPath, "-"]);

    /// <summary>The text of each page, split on the form feed pdftotext puts after every page.</summary>
    public static string[] Pages(string pdfPath)
    {
        var pages = Text(pdfPath).Split('\f');
        return pages[^1].Trim().Length == 0 ? pages[..^1] : pages;
    }

    public static Dictionary<string, string> Info(string pdfPath)
    {
        var info = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Run("pdfinfo", [pdfPath]).Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                info[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return info;
    }

    public static string Fonts(string pdfPath) => Run("pdffonts", [pdfPath]);

    public static void RenderPng(string pdfPath, string outputPrefix, int page = 1, int dpi = 60) =>
        Run("pdftoppm", ["-png", "-r", dpi.ToString(), "-f", page.ToString(), "-l", page.ToString(), pdfPath, outputPrefix]);

    public static string Run(string tool, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is not installed (apt-get install -y poppler-utils).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr.Result}");
            return stdout;
        }
    }

    public static int Count(string text, string value)
    {
        var n = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            n++;
        return n;
    }

    [GeneratedRegex(@"Page (\d+) of (\d+)")]
    public static partial Regex PageFooter();

    public static PdfTitle SampleTitle(string query = "Agent = 'Zsófia Kovács' AND Direction = Inbound AND StartTime >= 2026-11-01") => new(
        "Conversation Detail Records — Nightly export",
        [
            ("Task", "Nightly-Ügyfél"),
            ("Run id", "3f2a9c1e-5b7d-4e21-9a0f-c1d2e3f4a5b6"),
            ("Query", query),
            ("Run by", "CONTOSO\\zkovacs on EXPORT01"),
            ("Started", "2026-11-28 02:00:00 +01:00"),
            ("Ended", "2026-11-28 02:14:31 +01:00"),
            ("Counts", "Selected 10000 · Exported 9998 · Skipped 1 · Failed 1"),
        ]);
}
