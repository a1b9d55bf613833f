using System.Management.Automation;
using ConversationExport.Engine;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>The one place engine failures become ErrorRecords, so ErrorIds stay stable across cmdlets.</summary>
internal static class ErrorFactory
{
    public static ErrorRecord From(ConversationExportException error) =>
        new(error, error.Id.ToString(), Category(error.Kind), error.Target);

    public static ErrorRecord InvalidArgument(ErrorId id, string message, object? target) =>
        From(new ConversationExportException(id, ErrorKind.InvalidArgument, message, target));

    private static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.NotImplemented => ErrorCategory.NotImplemented,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        ErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };
}
