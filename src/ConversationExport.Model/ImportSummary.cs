namespace ConversationExport;

/// <summary>What one Import-Conversation did.</summary>
public sealed class ImportSummary
{
    public string Path { get; set; } = "";
    public int Imported { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Failed { get; set; }
    public int Warnings { get; set; }
    public TimeSpan Duration { get; set; }
    public bool WhatIf { get; set; }

    public int Total => Imported + Updated + Unchanged + Failed;
}
