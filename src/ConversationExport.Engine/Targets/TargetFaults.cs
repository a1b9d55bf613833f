namespace ConversationExport.Engine.Targets;

/// <summary>How a target operation's failure is treated.</summary>
internal enum TargetFault
{
    /// <summary>A dropped connection, a busy or restarting service: tried again after a backoff.</summary>
    Transient,
    /// <summary>Anything else that trying again cannot mend (no such bucket, a refused request): never retried.</summary>
    Permanent,
    /// <summary>The service refused the credentials, or what they may do: never retried. (Last: of several faults at once, it is the one to report.)</summary>
    AccessDenied,
}

/// <summary>
/// Retries a target operation that failed transiently (a dropped connection, a busy service), with
/// exponential backoff; when the attempts run out, or the fault is permanent (bad credentials, a refused
/// host key, no such bucket), it ends in one <see cref="ConversationExportException"/> naming the target and the cause.
/// </summary>
internal static class TargetFaults
{
    /// <summary>Delay before retry n (1-based): 0.5 s, 1 s, 2 s, … capped at 8 s.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(8000, 500 * Math.Pow(2, attempt - 1)));

    /// <param name="target">The target as messages name it: its stored name and where it is.</param>
    /// <param name="location">Where it is, without secrets: the error's target object.</param>
    public static T Run<T>(string target, string location, string what, int attempts, Func<Exception, TargetFault> classify, Action? reset, Func<T> operation, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                return operation();
            }
            catch (Exception error) when (error is not (ConversationExportException or OperationCanceledException))
            {
                var fault = classify(error);
                if (fault == TargetFault.AccessDenied)
                    throw new ConversationExportException(ErrorId.StorageTargetAccessDenied, ErrorKind.PermissionDenied,
                        $"{what} on the storage target {target} was refused: the server did not accept the target's credentials, or they may not do this ({Describe(error)}). Check them, and update the target with Set-StorageTarget.", location, error);
                if (fault == TargetFault.Permanent || attempt >= attempts)
                    throw new ConversationExportException(ErrorId.StorageTargetUnavailable, ErrorKind.ResourceUnavailable,
                        $"{what} on the storage target {target} failed{(fault == TargetFault.Transient ? $" after {attempt} attempt(s)" : "")}: {Describe(error)}", location, error);
                try { reset?.Invoke(); } catch (Exception) { /* the next attempt reconnects */ }
                cancellation.WaitHandle.WaitOne(Backoff(attempt));
            }
        }
    }

    public static void Run(string target, string location, string what, int attempts, Func<Exception, TargetFault> classify, Action? reset, Action operation, CancellationToken cancellation) =>
        Run(target, location, what, attempts, classify, reset, () => { operation(); return 0; }, cancellation);

    /// <summary>The innermost useful message: SDKs wrap the socket error that says what happened.</summary>
    public static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Contains(e.Message)) messages.Add(e.Message.Trim());
        return string.Join(" — ", messages.Take(3));
    }

    private const string UploadGateVariable = "CONVERSATIONEXPORT_TEST_UPLOAD_GATE";

    /// <summary>
    /// An upload's source with <see cref="UploadGate"/> on its second read, when the first bytes are out: for
    /// clients that report progress on another thread (SSH.NET), where a gate would not hold the upload.
    /// Without the test variable it is the source itself.
    /// </summary>
    public static Stream GateReads(Stream source, string name) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UploadGateVariable)) ? source : new GatedReads(source, name);

    private sealed class GatedReads(Stream source, string name) : Stream
    {
        private int _reads;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (++_reads == 2) UploadGate(name);
            return source.Read(buffer, offset, count);
        }
        public override bool CanRead => true;
        public override bool CanSeek => source.CanSeek;
        public override bool CanWrite => false;
        public override long Length => source.Length;
        public override long Position { get => source.Position; set => source.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => source.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// A seam for the test suite only: when CONVERSATIONEXPORT_TEST_UPLOAD_GATE names a file that exists,
    /// the first upload of a name containing the file's text (any name, when it is empty) to reach this point
    /// (once its first bytes are out) deletes it, creates "&lt;gate&gt;.reached" and waits for
    /// "&lt;gate&gt;.release", so a test can stop the server in the middle of a chosen upload.
    /// </summary>
    public static void UploadGate(string name)
    {
        var gate = Environment.GetEnvironmentVariable(UploadGateVariable);
        if (string.IsNullOrEmpty(gate) || !File.Exists(gate)) return;
        try
        {
            if (!name.Contains(File.ReadAllText(gate).Trim(), StringComparison.Ordinal)) return;
            File.Delete(gate);
        }
        catch (IOException) { return; }
        File.WriteAllBytes(gate + ".reached", []);
        while (!File.Exists(gate + ".release")) Thread.Sleep(50);
        File.Delete(gate + ".release");
        File.Delete(gate + ".reached");
    }
}
