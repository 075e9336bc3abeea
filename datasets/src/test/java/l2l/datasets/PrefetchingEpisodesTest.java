package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;

class PrefetchingEpisodesTest {

    private static final EpisodeShape SHAPE = new EpisodeShape(5, 1, 3);

    private final TensorDataset dataset = TensorDataset.numbered(10, 6);

    /** A dataset that delegates to another and runs {@code onRead} before every image it returns. */
    private static final class Watched implements ClassDataset {

        interface Reader {
            void read(int classIndex, int imageIndex) throws DatasetException;
        }

        private final ClassDataset base;
        private final Reader onRead;

        Watched(ClassDataset base, Reader onRead) {
            this.base = base;
            this.onRead = onRead;
        }

        @Override
        public String name() {
            return "watched";
        }

        @Override
        public int classCount() {
            return base.classCount();
        }

        @Override
        public String className(int classIndex) {
            return base.className(classIndex);
        }

        @Override
        public int imageCount(int classIndex) {
            return base.imageCount(classIndex);
        }

        @Override
        public int[] imageShape() {
            return base.imageShape();
        }

        @Override
        public Tensor image(int classIndex, int imageIndex) throws DatasetException {
            onRead.read(classIndex, imageIndex);
            return base.image(classIndex, imageIndex);
        }
    }

    private static long liveThreadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name) && thread.isAlive()).count();
    }

    @Test
    void episodesMatchSequentialSampling() throws DatasetException {
        EpisodeSampler sequential = EpisodeSampler.create(dataset, SHAPE, 11);

        for (int depth : new int[] {1, 3}) {
            EpisodeSampler sampler = EpisodeSampler.create(dataset, SHAPE, 11);
            EpisodeSampler reference = EpisodeSampler.create(dataset, SHAPE, 11);
            try (PrefetchingEpisodes episodes = PrefetchingEpisodes.start(sampler, 25, depth)) {
                int delivered = 0;
                while (episodes.hasNext()) {
                    assertThat(episodes.next()).as("episode %d at depth %d", delivered, depth).isEqualTo(reference.next());
                    delivered++;
                }
                assertThat(delivered).isEqualTo(25);
            }
        }
        assertThat(sequential.next()).isEqualTo(EpisodeSampler.create(dataset, SHAPE, 11).next());
    }

    @Test
    void imagesAreReadOnBackgroundThread() throws DatasetException {
        Set<String> readers = ConcurrentHashMap.newKeySet();
        Watched watched = new Watched(dataset, (classIndex, imageIndex) -> readers.add(Thread.currentThread().getName()));

        try (PrefetchingEpisodes episodes = PrefetchingEpisodes.start(EpisodeSampler.create(watched, SHAPE, 1), 3, 1)) {
            while (episodes.hasNext()) {
                episodes.next();
            }
        }

        assertThat(readers).containsExactly("l2l-episode-prefetch");
    }

    @Test
    void failureNamesTheEpisode() throws DatasetException {
        // Class 7 cannot be read; find the first episode that draws it.
        EpisodeSampler planner = EpisodeSampler.create(dataset, SHAPE, 12);
        long failing = -1;
        while (failing < 0) {
            EpisodePlan plan = planner.nextPlan();
            for (int classIndex : plan.classes) {
                if (classIndex == 7) {
                    failing = plan.index;
                }
            }
        }
        Watched broken = new Watched(dataset, (classIndex, imageIndex) -> {
            if (classIndex == 7) {
                throw new DatasetException("c7/" + imageIndex + ".png: failed to decode the image");
            }
        });

        try (PrefetchingEpisodes episodes = PrefetchingEpisodes.start(EpisodeSampler.create(broken, SHAPE, 12), failing + 1, 2)) {
            for (long index = 0; index < failing; index++) {
                assertThat(episodes.next().index()).isEqualTo(index);
            }
            assertThatThrownBy(episodes::next)
                    .isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith("Episode " + failing + " of watched: c7/")
                    .hasCauseInstanceOf(DatasetException.class);
        }
    }

    @Test
    void unexpectedFailureNamesTheEpisode() throws DatasetException {
        Watched broken = new Watched(dataset, (classIndex, imageIndex) -> {
            throw new ArithmeticException("bug in a dataset");
        });

        try (PrefetchingEpisodes episodes = PrefetchingEpisodes.start(EpisodeSampler.create(broken, SHAPE, 13), 1, 1)) {
            assertThatThrownBy(episodes::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Building episode 0 failed: java.lang.ArithmeticException: bug in a dataset")
                    .hasCauseInstanceOf(ArithmeticException.class);
        }
    }

    @Test
    void closeStopsTheThread() throws DatasetException, InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Watched blocking = new Watched(dataset, (classIndex, imageIndex) -> {
            reading.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("interrupted");
            }
        });
        PrefetchingEpisodes episodes = PrefetchingEpisodes.start(EpisodeSampler.create(blocking, SHAPE, 14), 100, 2);
        assertThat(reading.await(10, TimeUnit.SECONDS)).as("background thread started reading").isTrue();

        episodes.close();

        assertThat(liveThreadsNamed("l2l-episode-prefetch")).isZero();
        assertThatThrownBy(episodes::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PrefetchingEpisodes: next() called after close()");
    }

    @Test
    void nextAfterLastEpisodeIsRejected() throws DatasetException {
        try (PrefetchingEpisodes episodes = PrefetchingEpisodes.start(EpisodeSampler.create(dataset, SHAPE, 15), 1, 1)) {
            episodes.next();

            assertThat(episodes.hasNext()).isFalse();
            assertThatThrownBy(episodes::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage("PrefetchingEpisodes: all 1 episodes were returned");
        }
    }
}
