namespace ConversationExport;

public enum Direction { Unknown, Internal, Inbound, Outbound }

public enum EndCause { Unknown, Normal, Hold, Transfer, Busy, NoAnswer, Error, Rejected, Timeout }

public enum ConversationType { Voice, Video, Screen, ApplicationShare, InstantMessage, FileShare, Sms, TraderVoice }

public enum Dataset { Online, Archived }

public enum ConversationFileKind { Media, Metadata, Transcript }
