namespace ConversationExport.Engine.Security;

/// <summary>
/// Who is asking. Every engine operation carries one so permissions and the audit log (design §12)
/// can be enforced where the data is, not in the cmdlets.
/// </summary>
public sealed record CallerIdentity(string Name, string Machine)
{
    private static readonly Lazy<CallerIdentity> Process = new(Resolve);

    /// <summary>The OS user running this process: DOMAIN\user on Windows, user elsewhere; resolved once per session.</summary>
    public static CallerIdentity Current() => Process.Value;

    private static CallerIdentity Resolve()
    {
        var user = Environment.UserName;
        var name = OperatingSystem.IsWindows() && !string.IsNullOrEmpty(Environment.UserDomainName)
            ? $@"{Environment.UserDomainName}\{user}"
            : user;
        return new CallerIdentity(name, Environment.MachineName);
    }

    public override string ToString() => Name;
}
