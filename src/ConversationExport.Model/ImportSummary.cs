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
    /// <summary>A TimeSpan for scripts; <see cref="DurationSeconds"/> carries the number, which is what JSON and CSV readers want.</summary>
    public TimeSpan Duration { get; set; }
    public double DurationSeconds => Math.Round(Duration.TotalSeconds, 3);
    public bool WhatIf { get; set; }

    public int Total => Imported + Updated + Unchanged + Failed;
}
