namespace ConversationExport;

public enum ArchiveProblemKind : long { Missing, Extra, SizeMismatch, HashMismatch, Unreadable }

/// <summary>One difference between an export and its manifest.</summary>
public sealed class ArchiveProblem
{
    public string File { get; set; } = "";
    public ArchiveProblemKind Problem { get; set; }
    public string? Expected { get; set; }
    public string? Found { get; set; }

    public override string ToString() => $"{Problem}: {File}" + (Expected is null && Found is null ? "" : $" (expected {Expected ?? "-"}, found {Found ?? "-"})");
}

/// <summary>What Test-ExportArchive found: the chain of custody holds when Passed.</summary>
public sealed class ArchiveVerification
{
    public string Path { get; set; } = "";
    public bool Passed => Problems.Length == 0;
    public string[] Containers { get; set; } = [];
    public string? Task { get; set; }
    public long? RunId { get; set; }
    public int FilesChecked { get; set; }
    public ArchiveProblem[] Problems { get; set; } = [];

    public override string ToString() => Passed ? $"Passed: {FilesChecked} files match the manifest" : $"Failed: {Problems.Length} problem(s)";
}
