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
    /// <summary>Internal with its number in <see cref="DurationSeconds"/>: ConvertTo-Json would write a TimeSpan as a 15-field object.</summary>
    internal TimeSpan Duration { get; set; }
    public double DurationSeconds => Math.Round(Duration.TotalSeconds, 3);
    public bool WhatIf { get; set; }

    public int Total => Imported + Updated + Unchanged + Failed;
}
