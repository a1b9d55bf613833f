namespace ConversationExport.Engine;

/// <summary>
/// Stable identifiers of every failure the engine reports. Cmdlets turn them into the
/// FullyQualifiedErrorId users match on, so a name never changes once shipped.
/// </summary>
public enum ErrorId
{
    CatalogFolderMissing, // no longer raised: missing folders are created (OutputPathWrongKind for a file on the way)
    CatalogNotFound,
    CatalogNotSqlite,
    CatalogNotConversationExport,
    CatalogSchemaTooNew,
    CatalogUnavailable,
    CatalogProviderNotSupported,
    ImportPathNotFound,
    SidecarInvalidXml,
    SidecarInvalidValue,
    SidecarMissingElement,
    SidecarNotConversation,
    SidecarFileMissing,
    SidecarFileOutsideRoot,
    SidecarDuplicateId,
    DemoPathInvalid,
    QueryUnknownField,
    QueryOperatorNotValid,
    QueryValueNotValid,
    QueryInputNotValid,
    InvalidArgument,
    SecretUnreadable,
    ExportTaskNotFound,
    ExportTaskExists,
    StorageTargetNotFound,
    StorageTargetExists,
    StorageTargetInUse,
    ExportSettingInvalid,
    DestinationNotWritable,
    RunNotFound,
    RunAlreadyActive,
    RunNotResumable,
    RunFailed,
    ArchiveUnreadable,
    ArchivePasswordWrong,
    ManifestMissing,
    NothingToSave,
    ConversationNotFound,
    RenamePatternInvalid,
    TimeZoneNotFound,
    ArchiveWriteFailed,
    ArchiveDiskFull,
    ColumnUnknown,
    FormatUnknown,
    CatalogCorrupt,
    CatalogSchemaDamaged,
    SidecarFileNotRegular,
    SidecarNameNotUtf8,
    ScheduleInvalid,
    ScheduleNotFound,
    ScheduleExists,
    ScheduleTriggerFailed,
    CatalogLoginFailed,
    CatalogConnectionInvalid,
    RunServerNotListed,
    MultiServerNeedsServerCatalog,
    StorageTargetUnavailable,
    StorageTargetVerifyFailed,
    SftpHostKeyMismatch,
    SftpHostKeyUnknown,
    DirectDownloadDisabled,
    DownloadExpired,
    RunNotDownloadable,
    RunNotFinished,
    ArchiveMethodConflict,
    DownloadFileExists,
    DownloadFilesMissing,
    DownloadVerifyFailed,
    ExportTemplateNotFound,
    ExportTemplateExists,
    ExportTemplateSecretRefused,
    ArchiveVerificationFailed,
    OutputFileExists,
    SecretKeyInsecure,
    PermissionDenied,
    AdministratorRequired,
    CallerNotAUser,
    TaskOwnerNotPermitted,
    NotTaskOwner,
    StorageTargetNotPermitted,
    ExportUserNotFound,
    ExportUserExists,
    ExportGroupNotFound,
    PermissionNotApplicable,
    LastAdministrator,
    ExportPrincipalNameInvalid,
    OutputPathWrongKind,
    StorageTargetAccessDenied,
    CatalogConflict,
}

/// <summary>What kind of failure, so cmdlets can choose an ErrorCategory without knowing each id.</summary>
public enum ErrorKind { InvalidArgument, NotFound, InvalidData, ResourceUnavailable, NotImplemented, PermissionDenied, ResourceExists, ResourceBusy }

public sealed class ConversationExportException : Exception
{
    public ConversationExportException(ErrorId id, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Id = id;
        Kind = kind;
        Target = target;
    }

    public ErrorId Id { get; }
    public ErrorKind Kind { get; }
    /// <summary>The thing that was wrong: a path, a parameter value.</summary>
    public object? Target { get; }
}
