package l2l.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.ojalgo.OjAlgoUtils;

/**
 * The number of threads that the large kernels (matrix products, convolution, the fused LSTM
 * cell) may use. The default is the number of available processors.
 *
 * <p>Results are bit-identical whatever the thread count. Kernels split their work into blocks
 * whose size depends only on the shapes, never on the number of threads, and where blocks
 * produce partial sums, those are added in block order. A kernel called from inside another
 * kernel's worker thread runs on that thread alone.
 *
 * <p>The setting is global to the process and may be changed at any time; a change applies to
 * kernels that start afterwards.
 */
public final class Parallelism {

    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** The maximum thread count the kernels accept, far above the core count of the machines this project runs on. */
    public static final int MAX_THREADS = 256;

    private static int threads = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    private static ExecutorService helpers;

    private Parallelism() {
    }

    /**
     * Sets the number of threads the kernels may use, including the calling thread; 1 makes every
     * kernel sequential. Also caps ojAlgo's own threads at the same number.
     *
     * @throws IllegalArgumentException if {@code count} is not between 1 and {@link #MAX_THREADS}
     */
    public static synchronized void setThreads(int count) {
        if (count < 1 || count > MAX_THREADS) {
            throw new IllegalArgumentException("Parallelism.setThreads: thread count must be between 1 and " + MAX_THREADS + ", got " + count);
        }
        if (count == threads) {
            return;
        }
        threads = count;
        OjAlgoUtils.limitThreadsTo(count);
        if (helpers != null) {
            helpers.shutdown();
            helpers = null;
        }
    }

    /** Returns the number of threads the kernels may use. */
    public static synchronized int threads() {
        return threads;
    }

    private static synchronized ExecutorService helpers() {
        if (helpers == null) {
            AtomicInteger created = new AtomicInteger();
            ThreadFactory factory = task -> {
                Thread thread = new Thread(() -> {
                    IN_WORKER.set(Boolean.TRUE);
                    task.run();
                }, "l2l-kernel-" + created.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            helpers = Executors.newFixedThreadPool(Math.max(1, threads - 1), factory);
        }
        return helpers;
    }

    /** A unit of work identified by its block number. */
    @FunctionalInterface
    interface BlockTask {
        void run(int block);
    }

    /**
     * Runs {@code task} once for every block in {@code [0, blocks)} and returns when all have
     * finished. The calling thread works too, and helper threads take blocks as they become free,
     * so the caller never waits for a helper that has not started. The first exception thrown by
     * any block is rethrown here after the others have finished.
     */
    static void forEachBlock(int blocks, BlockTask task) {
        int workers = Math.min(threads(), blocks);
        if (workers <= 1 || IN_WORKER.get()) {
            for (int block = 0; block < blocks; block++) {
                task.run(block);
            }
            return;
        }

        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(blocks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int block;
            while ((block = next.getAndIncrement()) < blocks) {
                try {
                    if (failure.get() == null) {
                        task.run(block);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }
        };
        ExecutorService executor = helpers();
        for (int i = 1; i < workers; i++) {
            executor.execute(worker);
        }
        worker.run();
        awaitUninterruptibly(finished);

        Throwable first = failure.get();
        if (first instanceof RuntimeException) {
            throw (RuntimeException) first;
        }
        if (first instanceof Error) {
            throw (Error) first;
        }
        if (first != null) {
            throw new IllegalStateException("A kernel block failed", first);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
