namespace ConversationExport.Engine.Archive;

/// <summary>
/// Base of the archive writer's write-only streams (the encryptions, the spools, the part and its buffers):
/// they never read or seek. A subclass writes spans; arrays and single bytes reach it through
/// <see cref="Write(ReadOnlySpan{byte})"/>. Length and Position are unsupported unless it counts what it wrote.
/// </summary>
internal abstract class WriteOnlyStream : Stream
{
    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
