namespace ConversationExport.Engine.Export;

/// <summary>
/// A seam for the test suite only: when CONVERSATIONEXPORT_TEST_GATE names a recording file, a run
/// that is about to read that file creates "&lt;file&gt;.reached" and waits until "&lt;file&gt;.release"
/// exists. Tests use it to act at an exact point of a run (kill it, stop it, take its destination
/// away) instead of racing it. Unset, it costs one environment lookup per file read.
/// </summary>
internal static class TestGate
{
    public const string Variable = "CONVERSATIONEXPORT_TEST_GATE";

    public static void Pass(string path)
    {
        var gate = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(gate) || !string.Equals(Path.GetFullPath(gate), path, StringComparison.Ordinal)) return;
        var release = gate + ".release";
        File.WriteAllBytes(gate + ".reached", []);
        while (!File.Exists(release)) Thread.Sleep(50);
        File.Delete(release);
        File.Delete(gate + ".reached");
    }
}
