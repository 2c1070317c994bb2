#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide malloc settings for the collector's allocation pattern: every page brings a few large,
/// short-lived buffers (the response body, its tape, the framed write chunk, ~100 records of 5–10 KiB).
///
/// With glibc's defaults, blocks over 128 KiB are `mmap`ed and unmapped on free, and free memory above
/// 128 KiB at the top of a heap is handed back to the kernel, so each page faults the same memory in again
/// (a quarter of the pipeline's CPU time in the benchmark). Keeping freed memory for reuse removes that;
/// the cost is that the process keeps its high-water mark of a few pages' worth of memory.
public enum AllocatorTuning {
    /// Allocations up to this size come from the heap, not from a fresh mapping.
    static let mmapThreshold: Int32 = 32 << 20
    /// Free memory the heap keeps instead of returning it to the kernel.
    static let trimThreshold: Int32 = 64 << 20

    /// Applies the settings; call once, early in `main`. Does nothing where glibc's `mallopt` is absent.
    public static func keepFreedMemoryForReuse() {
        // Glibc's Swift module does not include <malloc.h>: look the function up, and spell its
        // parameters as malloc.h defines them (M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3).
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        _ = mallopt(-3, mmapThreshold)
        _ = mallopt(-1, trimThreshold)
    }
}
