namespace ConversationExport.Engine.Targets;

/// <summary>
/// Retries a target operation that failed transiently (a dropped connection, a busy service), with
/// exponential backoff; when the attempts run out, or the fault is permanent (bad credentials, a refused
/// host key, no such bucket), it ends in one <see cref="ConversationExportException"/> naming the target and the cause.
/// </summary>
internal static class TargetFaults
{
    /// <summary>Delay before retry n (1-based): 0.5 s, 1 s, 2 s, … capped at 8 s.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(8000, 500 * Math.Pow(2, attempt - 1)));

    public static T Run<T>(string location, string what, int attempts, Func<Exception, bool> transient, Action? reset, Func<T> operation, CancellationToken cancellation)
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
                var retry = transient(error);
                if (!retry || attempt >= attempts)
                    throw new ConversationExportException(ErrorId.StorageTargetUnavailable, retry ? ErrorKind.ResourceUnavailable : ErrorKind.PermissionDenied,
                        $"{what} on the storage target '{location}' failed{(retry ? $" after {attempt} attempt(s)" : "")}: {Describe(error)}", location, error);
                try { reset?.Invoke(); } catch (Exception) { /* the next attempt reconnects */ }
                cancellation.WaitHandle.WaitOne(Backoff(attempt));
            }
        }
    }

    public static void Run(string location, string what, int attempts, Func<Exception, bool> transient, Action? reset, Action operation, CancellationToken cancellation) =>
        Run(location, what, attempts, transient, reset, () => { operation(); return 0; }, cancellation);

    /// <summary>The innermost useful message: SDKs wrap the socket error that says what happened.</summary>
    public static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Contains(e.Message)) messages.Add(e.Message.Trim());
        return string.Join(" — ", messages.Take(3));
    }

    /// <summary>
    /// A seam for the test suite only: when CONVERSATIONEXPORT_TEST_UPLOAD_GATE names a file that exists,
    /// the first upload to reach this point (after its first bytes went out) deletes it, creates
    /// "&lt;gate&gt;.reached" and waits for "&lt;gate&gt;.release", so a test can stop the server mid-upload.
    /// </summary>
    public static void UploadGate()
    {
        var gate = Environment.GetEnvironmentVariable("CONVERSATIONEXPORT_TEST_UPLOAD_GATE");
        if (string.IsNullOrEmpty(gate) || !File.Exists(gate)) return;
        try { File.Delete(gate); } catch (IOException) { return; }
        File.WriteAllBytes(gate + ".reached", []);
        while (!File.Exists(gate + ".release")) Thread.Sleep(50);
        File.Delete(gate + ".release");
        File.Delete(gate + ".reached");
    }
}
