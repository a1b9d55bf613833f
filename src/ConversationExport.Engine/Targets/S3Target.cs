using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ConversationExport.Engine.Targets;

/// <summary>
/// An S3 bucket or an S3-compatible service. A file is sent as a multipart upload, parts in parallel,
/// and appears only when the upload is completed; each part's ETag is checked against its MD5. With
/// Object Lock every delivered object carries its retention from the first byte.
/// </summary>
public sealed class S3Target : RemoteTarget
{
    private const long PartSize = 8 * 1024 * 1024;
    private const int PartsInFlight = 4;
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly int? _lockDays;
    private readonly ObjectLockMode? _lockMode;

    public S3Target(string name, string? endpoint, string? region, string bucket, string? prefix, string accessKeyId, string secretAccessKey,
        int? objectLockDays, string? objectLockMode, int retries)
        : base(name, Describe(endpoint, bucket, prefix), retries)
    {
        var config = new AmazonS3Config
        {
            MaxErrorRetry = 0, // TargetFaults retries
            Timeout = TimeSpan.FromSeconds(60),
            // Checksums only where the operation requires them: S3-compatible servers do not all speak the trailer form.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region ?? "us-east-1");
        _client = new AmazonS3Client(new BasicAWSCredentials(accessKeyId, secretAccessKey), config);
        _bucket = bucket;
        _prefix = string.IsNullOrEmpty(prefix) ? "" : prefix.Trim('/') + "/";
        _lockDays = objectLockDays;
        _lockMode = objectLockMode is null ? null : ObjectLockMode.FindValue(objectLockMode.ToUpperInvariant() == "COMPLIANCE" ? "COMPLIANCE" : "GOVERNANCE");
    }

    private string Key(string name) => _prefix + name;

    /// <summary>s3://bucket/prefix on Amazon S3; the service URL, bucket and prefix on an S3-compatible service.</summary>
    public static string Describe(string? endpoint, string bucket, string? prefix) =>
        $"{(endpoint is null ? "s3:/" : endpoint.TrimEnd('/'))}/{bucket}/{(prefix ?? "").Trim('/')}".TrimEnd('/');

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    protected override void Upload(string stagedPath, string name, bool replace, CancellationToken cancellation)
    {
        var size = new FileInfo(stagedPath).Length;
        var start = new InitiateMultipartUploadRequest { BucketName = _bucket, Key = Key(name) };
        if (_lockDays is { } days)
        {
            start.ObjectLockMode = _lockMode ?? ObjectLockMode.Governance;
            start.ObjectLockRetainUntilDate = DateTime.UtcNow.AddDays(days);
        }
        var uploadId = Wait(_client.InitiateMultipartUploadAsync(start, cancellation)).UploadId;
        try
        {
            var count = (int)Math.Max(1, (size + PartSize - 1) / PartSize);
            var etags = new PartETag[count];
            var gated = 0;
            // Parts in parallel, each read from the staged file at its offset: at most PartsInFlight parts in memory.
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = PartsInFlight, CancellationToken = cancellation }, i =>
            {
                var offset = i * PartSize;
                var length = (int)Math.Min(PartSize, size - offset);
                var buffer = new byte[length];
                using (var input = new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
                {
                    input.Position = offset;
                    input.ReadExactly(buffer);
                }
                var md5 = Convert.ToHexString(MD5.HashData(buffer)).ToLowerInvariant();
                var response = Wait(_client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket, Key = Key(name), UploadId = uploadId, PartNumber = i + 1, PartSize = length,
                    InputStream = new MemoryStream(buffer, writable: false),
                    // One signed body, not aws-chunked: S3-compatible servers that do not decode chunk signatures would store them as data.
                    UseChunkEncoding = false,
                }, cancellation));
                if (!string.Equals(response.ETag.Trim('"'), md5, StringComparison.OrdinalIgnoreCase))
                    throw new ConversationExportException(ErrorId.StorageTargetVerifyFailed, ErrorKind.InvalidData,
                        $"Part {i + 1} of '{PathOf(name)}' arrived with ETag {response.ETag}, not the MD5 {md5} of what was sent.", PathOf(name));
                etags[i] = new PartETag(i + 1, response.ETag);
                if (Interlocked.Exchange(ref gated, 1) == 0) TargetFaults.UploadGate(name);
            });
            Wait(_client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = Key(name), UploadId = uploadId, PartETags = [.. etags],
            }, cancellation));
        }
        catch (Exception error)
        {
            try { Wait(_client.AbortMultipartUploadAsync(_bucket, Key(name), uploadId, CancellationToken.None)); }
            catch (Exception) { /* the service may be gone; DeleteUndelivered aborts it on resume */ }
            // Parallel.For wraps the part's own failure; the retry policy judges that one.
            if (error is AggregateException { InnerExceptions.Count: > 0 } parts)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(parts.InnerExceptions[0]).Throw();
            throw;
        }
    }

    protected override bool Exists(string name)
    {
        try
        {
            Wait(_client.GetObjectMetadataAsync(_bucket, Key(name)));
            return true;
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    protected override long SizeOf(string name) => Wait(_client.GetObjectMetadataAsync(_bucket, Key(name))).ContentLength;

    protected override IEnumerable<string> ListNames(string prefix)
    {
        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = Key(prefix) };
        while (true)
        {
            var response = Wait(_client.ListObjectsV2Async(request));
            names.AddRange((response.S3Objects ?? []).Select(o => o.Key[_prefix.Length..]));
            if (response.IsTruncated != true) return names;
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    protected override void Remove(string name) => Wait(_client.DeleteObjectAsync(_bucket, Key(name)));

    protected override void Download(string name, Stream output)
    {
        using var response = Wait(_client.GetObjectAsync(_bucket, Key(name)));
        response.ResponseStream.CopyTo(output);
    }

    protected override int AbortUploads(string baseName)
    {
        ListMultipartUploadsResponse uploads;
        try
        {
            uploads = Wait(_client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = Key(baseName) }));
        }
        catch (AmazonS3Exception error) when (error.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.MethodNotAllowed)
        {
            return 0; // a service without the listing: its unfinished uploads expire by its own rules
        }
        var removed = 0;
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            Wait(_client.AbortMultipartUploadAsync(_bucket, upload.Key, upload.UploadId));
            removed++;
        }
        return removed;
    }

    private protected override TargetFault Classify(Exception error) => error switch
    {
        AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError } => TargetFault.Transient,
        AmazonServiceException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => TargetFault.AccessDenied,
        AmazonServiceException { StatusCode: not 0 } => TargetFault.Permanent,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions.Select(Classify).Max(),
        AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException or TaskCanceledException => TargetFault.Transient,
        _ => TargetFault.Permanent,
    };

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
