using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// An Azure Blob container (or Azurite). A file is staged as blocks, several in flight at once, and
/// becomes visible only when its block list is committed: uncommitted blocks are the temporary name,
/// and the service drops them by itself if the commit never comes.
/// </summary>
public sealed class AzureBlobTarget : RemoteTarget
{
    private const int BlockSize = 4 * 1024 * 1024;
    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    public AzureBlobTarget(string name, string? connectionString, string? containerUri, string? sas, string container, string? prefix, int retries)
        : base(name, Describe(connectionString, containerUri, container, prefix), retries)
    {
        // The SDK's own retries are off: TargetFaults retries, with the count the run was given.
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        _container = connectionString is not null
            ? new BlobContainerClient(connectionString, container, options)
            : new BlobContainerClient(new Uri(containerUri!), new AzureSasCredential(sas!), options);
        _prefix = string.IsNullOrEmpty(prefix) ? "" : prefix.Trim('/') + "/";
        _mayCreate = connectionString is not null;
    }

    private static string Describe(string? connectionString, string? containerUri, string container, string? prefix)
    {
        var root = containerUri?.TrimEnd('/') ?? (connectionString is null ? container : new BlobContainerClient(connectionString, container).Uri.ToString().TrimEnd('/'));
        return string.IsNullOrEmpty(prefix) ? root : $"{root}/{prefix.Trim('/')}";
    }

    private readonly bool _mayCreate;

    // An account key may create its container; a SAS for one container cannot, and needs none.
    protected override void Prepare()
    {
        if (_mayCreate) _container.CreateIfNotExists();
    }

    private BlockBlobClient Blob(string name) => _container.GetBlockBlobClient(_prefix + name);

    protected override void Upload(string stagedPath, string name, bool replace, CancellationToken cancellation)
    {
        var blob = Blob(name);
        using var input = new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var options = new BlobUploadOptions
        {
            // Blocks of 4 MiB, four in flight; one Put Block List at the end makes the blob appear whole.
            TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockSize, MaximumTransferSize = BlockSize, MaximumConcurrency = 4 },
            // Each block is checked by the service against its MD5 as it arrives.
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            Conditions = replace ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
            ProgressHandler = new Progress(name),
        };
        blob.Upload(input, options, cancellation);
    }

    private sealed class Progress(string name) : IProgress<long>
    {
        private int _gated;
        public void Report(long value)
        {
            if (value > 0 && Interlocked.Exchange(ref _gated, 1) == 0) TargetFaults.UploadGate(name);
        }
    }

    protected override bool Exists(string name) => Blob(name).Exists().Value;

    protected override long SizeOf(string name) => Blob(name).GetProperties().Value.ContentLength;

    protected override IEnumerable<string> ListNames(string prefix) =>
        _container.GetBlobs(BlobTraits.None, BlobStates.None, _prefix + prefix, CancellationToken.None).Select(b => b.Name[_prefix.Length..]).ToList();

    protected override void Remove(string name) => Blob(name).DeleteIfExists();

    protected override void Download(string name, Stream output) => Blob(name).DownloadTo(output);

    // Uncommitted blocks have no name to delete; the service discards them after a week.
    protected override int AbortUploads(string baseName) => 0;

    private protected override TargetFault Classify(Exception error) => error switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => TargetFault.Transient,
        RequestFailedException { Status: 401 or 403 } => TargetFault.AccessDenied,
        RequestFailedException => TargetFault.Permanent,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions.Select(Classify).Max(),
        HttpRequestException or IOException or SocketException or TimeoutException or TaskCanceledException => TargetFault.Transient,
        _ => TargetFault.Permanent,
    };
}
