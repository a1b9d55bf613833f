using System.Runtime.InteropServices;
using ConversationExport.Engine.Export;

namespace ConversationExport.EngineTests.Export;

public sealed class NativeHeapTests
{
    /// <summary>
    /// Memory freed below a block still in use cannot be returned by free() itself (the heap's top does
    /// not move), so glibc keeps it until a trim: the trim must report that it gave memory back.
    /// </summary>
    [Fact]
    public void A_trim_gives_native_memory_freed_below_a_live_block_back_to_the_system()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/lib/x86_64-linux-gnu/libc.so.6") && !File.Exists("/lib/aarch64-linux-gnu/libc.so.6"))
            return; // malloc_trim is glibc's; elsewhere Trim does nothing by design

        var ones = new byte[32 * 1024];
        Array.Fill(ones, (byte)1);
        var blocks = new List<nint>();
        for (var i = 0; i < 256; i++)
        {
            var block = Marshal.AllocHGlobal(ones.Length); // under the mmap threshold: from the heap
            Marshal.Copy(ones, 0, block, ones.Length); // touched, so its pages are resident and can be given back
            blocks.Add(block);
        }
        var live = Marshal.AllocHGlobal(32 * 1024);
        try
        {
            foreach (var block in blocks) Marshal.FreeHGlobal(block);
            Assert.True(NativeHeap.Trim(), "malloc_trim released nothing: the trim is missing or does nothing");
        }
        finally
        {
            Marshal.FreeHGlobal(live);
        }
    }
}
