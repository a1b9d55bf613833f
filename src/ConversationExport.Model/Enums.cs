namespace ConversationExport;

public enum Direction { Unknown, Internal, Inbound, Outbound }

public enum EndCause { Unknown, Normal, Hold, Transfer, Busy, NoAnswer, Error, Rejected, Timeout }

public enum ConversationType { Voice, Video, Screen, ApplicationShare, InstantMessage, FileShare, Sms, TraderVoice }

public enum Dataset { Online, Archived }

public enum ConversationFileKind { Media, Metadata, Transcript }

/// <summary>Well-known forward reasons; recorders may report others, which queries reject as unknown.</summary>
public enum ForwardReason { None, Forwarded, Transferred, TeamCall, Delegated, Redirected, Parked, Picked }

public enum SourcePlatform { Teams, Cisco, Sip, Zoom, Avaya, Webex, Skype, Genesys, Mitel, Turret, Mobile, Other }

/// <summary>The order Get-Conversation lists in.</summary>
public enum ConversationOrder { Id, StartTime }

/// <summary>How a run packs its files (seed §4.1 Archive Method).</summary>
public enum ArchiveMethod { None, Zip, ZipCrypto, Aes256 }

/// <summary>Metadata sidecar formats (seed §4.4): the original XML (only when it exists), CSV with chosen columns, JSON with every field.</summary>
public enum MetadataFormat { Xml, Csv, Json }

/// <summary>Conversation Detail Record file formats (seed §4.5).</summary>
public enum CdrFormat { Csv, Pdf }

/// <summary>Formats of Export-ConversationList (seed §3).</summary>
public enum ListFormat { Csv, Xlsx, Pdf }
