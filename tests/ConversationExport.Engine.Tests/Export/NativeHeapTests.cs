using ConversationExport.Engine.Export;

namespace ConversationExport.EngineTests.Export;

public sealed class NativeHeapTests
{
    [Fact]
    public void Trimming_the_native_heap_is_safe_to_call_on_any_platform_and_leaves_native_memory_usable()
    {
        NativeHeap.Trim();
        NativeHeap.Trim();
        // Native allocations still work after a trim (zlib allocates its state natively).
        var data = new byte[200_000];
        var output = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(data);
        Assert.True(output.Length is > 0 and < 2_000);
    }
}
