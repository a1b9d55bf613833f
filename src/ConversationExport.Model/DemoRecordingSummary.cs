namespace ConversationExport;

/// <summary>What New-DemoRecording wrote.</summary>
public sealed record DemoRecordingSummary(string Folder, int Conversations, int MediaFiles, int Sidecars, int CdrOnly, long Bytes);
