namespace ConversationExport;

// Every public enum of the model is long-based: ConvertTo-Json writes a long-based enum by its name
// (PowerShell's rule for values JavaScript numbers cannot hold) and any other enum as a number nobody
// can read. The names, values and order are unchanged, so stored numbers still mean the same.

public enum Direction : long { Unknown, Internal, Inbound, Outbound }

public enum EndCause : long { Unknown, Normal, Hold, Transfer, Busy, NoAnswer, Error, Rejected, Timeout }

public enum ConversationType : long { Voice, Video, Screen, ApplicationShare, InstantMessage, FileShare, Sms, TraderVoice }

public enum Dataset : long { Online, Archived }

public enum ConversationFileKind : long { Media, Metadata, Transcript }

/// <summary>Well-known forward reasons; recorders may report others, which queries reject as unknown.</summary>
public enum ForwardReason : long { None, Forwarded, Transferred, TeamCall, Delegated, Redirected, Parked, Picked }

public enum SourcePlatform : long { Teams, Cisco, Sip, Zoom, Avaya, Webex, Skype, Genesys, Mitel, Turret, Mobile, Other }

/// <summary>The order Get-Conversation lists in.</summary>
public enum ConversationOrder : long { Id, StartTime }

/// <summary>How a run packs its files (seed §4.1 Archive Method).</summary>
public enum ArchiveMethod : long { None, Zip, ZipCrypto, Aes256 }

/// <summary>Metadata sidecar formats (seed §4.4): the original XML (only when it exists), CSV with chosen columns, JSON with every field.</summary>
public enum MetadataFormat : long { Xml, Csv, Json }

/// <summary>Conversation Detail Record file formats (seed §4.5).</summary>
public enum CdrFormat : long { Csv, Pdf }

/// <summary>Formats of Export-ConversationList (seed §3).</summary>
public enum ListFormat : long { Csv, Xlsx, Pdf }
