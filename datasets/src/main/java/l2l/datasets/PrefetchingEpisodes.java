package l2l.datasets;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sequence of episodes whose images are read on a background thread while the caller works on
 * the current episode.
 *
 * <p>The random choices of every episode are drawn on the caller's thread, in order, and only the
 * reading and stacking of images runs in the background, so the episodes are exactly those that
 * {@link EpisodeSampler#next()} would return one after another. Lifecycle:
 *
 * <ol>
 *   <li>{@link #start} plans the first {@code depth} episodes and starts building them;
 *   <li>{@link #next()} returns the oldest episode, waiting for it if needed, and starts the next one;
 *   <li>{@link #close()} cancels pending work and stops the thread; use try-with-resources.
 * </ol>
 *
 * <p>A failure of the background work reaches the caller from {@link #next()}, naming the episode.
 * An instance is used by one thread, and its sampler must not be used elsewhere meanwhile.
 */
public final class PrefetchingEpisodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchingEpisodes.class);

    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final EpisodeSampler sampler;
    private final long count;
    private final int depth;
    private final ExecutorService executor;
    /** The executor's only thread, kept so that {@link #close()} can wait until it has ended. */
    private volatile Thread worker;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long planned;
    private long delivered;
    private boolean closed;

    private PrefetchingEpisodes(EpisodeSampler sampler, long count, int depth) {
        this.sampler = sampler;
        this.count = count;
        this.depth = depth;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "l2l-episode-prefetch");
            thread.setDaemon(true);
            worker = thread;
            return thread;
        });
    }

    /**
     * Starts preparing {@code count} episodes from {@code sampler}, at most {@code depth} of them
     * ahead of the caller (1 prepares just the next episode).
     */
    public static PrefetchingEpisodes start(EpisodeSampler sampler, long count, int depth) {
        if (count < 0 || depth < 1) {
            throw new IllegalArgumentException("PrefetchingEpisodes: count must be at least 0 and depth at least 1, got count " + count
                    + " and depth " + depth);
        }
        PrefetchingEpisodes episodes = new PrefetchingEpisodes(sampler, count, depth);
        episodes.fill();
        return episodes;
    }

    /** Returns whether episodes remain. */
    public boolean hasNext() {
        return delivered < count;
    }

    /**
     * Returns the next episode, waiting for the background thread when it is not ready yet.
     *
     * @throws DatasetException when reading the episode's images failed; the message names the episode
     * @throws IllegalStateException after {@link #close()}, or when the background work failed with an unexpected exception
     * @throws NoSuchElementException when all {@code count} episodes were returned
     * @throws CancellationException when the calling thread is interrupted while waiting; its interrupt flag stays set
     */
    public Episode next() throws DatasetException {
        if (closed) {
            throw new IllegalStateException("PrefetchingEpisodes: next() called after close()");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("PrefetchingEpisodes: all " + count + " episodes were returned");
        }
        Pending current = pending.poll();
        delivered++;
        fill();
        try {
            return current.episode.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting for episode " + current.index);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DatasetException) {
                throw new DatasetException("Episode " + current.index + " of " + sampler.dataset().name() + ": " + cause.getMessage(), cause);
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("Building episode " + current.index + " failed: " + cause, cause);
        }
    }

    /** Cancels the episodes not yet returned and stops the background thread, waiting up to ten seconds for it to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pending waiting : pending) {
            waiting.episode.cancel(true);
        }
        pending.clear();
        executor.shutdownNow();
        try {
            Thread thread = worker;
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
            }
            if (thread != null && thread.isAlive()) {
                LOG.warn("The episode prefetch thread did not stop within {} s; it is a daemon thread and ends with the JVM",
                        CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Plans episodes on this thread and submits their building until {@code depth} are pending or all are planned. */
    private void fill() {
        while (pending.size() < depth && planned < count) {
            EpisodePlan plan = sampler.nextPlan();
            planned++;
            pending.add(new Pending(plan.index, executor.submit(() -> sampler.build(plan))));
        }
    }

    /** An episode being built in the background. */
    private static final class Pending {

        final long index;
        final Future<Episode> episode;

        Pending(long index, Future<Episode> episode) {
            this.index = index;
            this.episode = episode;
        }
    }
}
