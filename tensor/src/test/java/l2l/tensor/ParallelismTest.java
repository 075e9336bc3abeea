package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelismTest {

    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    @Test
    void everyBlockRunsOnce() {
        Parallelism.setThreads(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(100);

        Parallelism.forEachBlock(100, runs::incrementAndGet);

        for (int block = 0; block < 100; block++) {
            assertThat(runs.get(block)).as("runs of block %d", block).isEqualTo(1);
        }
    }

    @Test
    void nestedCallsComplete() {
        Parallelism.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(16);

        Parallelism.forEachBlock(4, outer -> Parallelism.forEachBlock(4, inner -> runs.incrementAndGet(outer * 4 + inner)));

        for (int block = 0; block < 16; block++) {
            assertThat(runs.get(block)).isEqualTo(1);
        }
    }

    @Test
    void blockFailureIsRethrown() {
        Parallelism.setThreads(2);

        assertThatThrownBy(() -> Parallelism.forEachBlock(10, block -> {
            if (block == 7) {
                throw new IllegalStateException("block 7 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("block 7 failed");
    }

    @Test
    void threadCountMustBePositive() {
        assertThatThrownBy(() -> Parallelism.setThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Parallelism.setThreads: thread count must be between 1 and 256, got 0");
    }

    @Test
    void threadCountHasUpperBound() {
        assertThatThrownBy(() -> Parallelism.setThreads(Parallelism.MAX_THREADS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Parallelism.setThreads: thread count must be between 1 and 256, got 257");
    }
}
