namespace ConversationExport;

/// <summary>What New-DemoRecording wrote.</summary>
/// <param name="Folder">Full path of the recording folder.</param>
/// <param name="MediaFiles">Content files (audio, video, documents, transcripts); sidecars not counted.</param>
/// <param name="CdrOnly">Conversations with a sidecar and no files.</param>
/// <param name="Bytes">Everything written, sidecars included.</param>
public sealed record DemoRecordingSummary(string Folder, int Conversations, int MediaFiles, int Sidecars, int CdrOnly, long Bytes);
