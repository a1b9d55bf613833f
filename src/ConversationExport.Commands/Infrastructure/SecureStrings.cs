using System.Runtime.InteropServices;
using System.Security;

namespace ConversationExport.Commands.Infrastructure;

/// <summary>The one place a SecureString becomes text, for as short a time as the engine needs it.</summary>
internal static class SecureStrings
{
    public static string? Reveal(SecureString? secret)
    {
        if (secret is null) return null;
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(pointer);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
