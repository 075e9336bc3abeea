package l2l.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The peak heap in use, from the JVM's memory pools.
 *
 * <p>{@link #reset()} runs a garbage collection and resets every heap pool's peak; {@link #bytes()}
 * then sums the pools' peak usage. The pools can peak at different moments, so the sum is an upper
 * bound on the heap in use at any one time. Garbage not yet collected counts as in use, so the
 * figure also depends on the collector and the maximum heap size.
 */
final class HeapPeak {

    private HeapPeak() {
    }

    /** Collects garbage and resets the peak of every heap pool to its current usage. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Returns the sum of the heap pools' peak usage since the last {@link #reset()}, in bytes. */
    static long bytes() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }
}
