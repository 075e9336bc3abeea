package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import l2l.tensor.Tensor;
import l2l.tensor.TensorSizeException;

class EpisodeSamplerTest {

    /** Ten classes of six images; every image is filled with 100 * class + image. */
    private final TensorDataset dataset = TensorDataset.numbered(10, 6);

    private static int classOf(Tensor images, int row) {
        return (int) images.get(row, 0, 0, 0) / 100;
    }

    private static int imageOf(Tensor images, int row) {
        return (int) images.get(row, 0, 0, 0) % 100;
    }

    @Test
    void episodeHasRequestedShapes() throws DatasetException {
        EpisodeSampler sampler = EpisodeSampler.create(dataset, new EpisodeShape(5, 2, 3), 1);

        Episode episode = sampler.next();

        assertThat(episode.supportImages().shape()).containsExactly(10, 1, 2, 2);
        assertThat(episode.queryImages().shape()).containsExactly(15, 1, 2, 2);
        assertThat(episode.supportLabels()).hasSize(10);
        assertThat(episode.queryLabels()).hasSize(15);
        assertThat(episode.classNames()).hasSize(5).doesNotHaveDuplicates();
        assertThat(episode.shape()).isEqualTo(new EpisodeShape(5, 2, 3));
        assertThat(episode.imageShape()).containsExactly(1, 2, 2);
    }

    @Test
    void rowsMatchTheirLabels() throws DatasetException {
        EpisodeSampler sampler = EpisodeSampler.create(dataset, new EpisodeShape(4, 2, 3), 2);

        for (int repeat = 0; repeat < 20; repeat++) {
            Episode episode = sampler.next();
            int[] supportLabels = episode.supportLabels();
            for (int row = 0; row < supportLabels.length; row++) {
                assertThat("c" + classOf(episode.supportImages(), row)).isEqualTo(episode.classNames().get(supportLabels[row]));
            }
            int[] queryLabels = episode.queryLabels();
            for (int row = 0; row < queryLabels.length; row++) {
                assertThat("c" + classOf(episode.queryImages(), row)).isEqualTo(episode.classNames().get(queryLabels[row]));
            }
        }
    }

    @Test
    void supportAndQueryAreDisjoint() throws DatasetException {
        EpisodeSampler sampler = EpisodeSampler.create(dataset, new EpisodeShape(3, 3, 3), 3);

        for (int repeat = 0; repeat < 20; repeat++) {
            Episode episode = sampler.next();
            Set<Integer> support = new HashSet<>();
            for (int row = 0; row < 9; row++) {
                support.add(100 * classOf(episode.supportImages(), row) + imageOf(episode.supportImages(), row));
            }
            Set<Integer> query = new HashSet<>();
            for (int row = 0; row < 9; row++) {
                query.add(100 * classOf(episode.queryImages(), row) + imageOf(episode.queryImages(), row));
            }
            assertThat(support).as("distinct support images").hasSize(9);
            assertThat(query).as("distinct query images").hasSize(9);
            assertThat(support).doesNotContainAnyElementsOf(query);
        }
    }

    @Test
    void sameSeedGivesSameEpisodes() throws DatasetException {
        EpisodeShape shape = new EpisodeShape(5, 1, 2);
        EpisodeSampler first = EpisodeSampler.create(dataset, shape, 42);
        EpisodeSampler second = EpisodeSampler.create(dataset, shape, 42);
        EpisodeSampler other = EpisodeSampler.create(dataset, shape, 43);

        boolean anyDifferent = false;
        for (int repeat = 0; repeat < 10; repeat++) {
            Episode episode = first.next();
            assertThat(second.next()).isEqualTo(episode);
            anyDifferent |= !other.next().classNames().equals(episode.classNames());
        }
        assertThat(anyDifferent).as("another seed gives other classes").isTrue();
    }

    @Test
    void seedFixesEpisodesAcrossVersions() throws DatasetException {
        // Pins the drawing algorithm: a change here breaks the reproducibility of earlier runs.
        EpisodeSampler sampler = EpisodeSampler.create(dataset, new EpisodeShape(3, 1, 1), 2024);

        Episode episode = sampler.next();

        assertThat(episode.classNames()).containsExactly("c7", "c5", "c9");
        assertThat(episode.supportLabels()).containsExactly(0, 2, 1);
        assertThat(episode.queryLabels()).containsExactly(0, 1, 2);
        // Image values are 100 * class + image: support c7/2, c9/5, c5/1 and query c7/3, c5/2, c9/1.
        assertThat(episode.supportImages().getFlat(0)).isEqualTo(702.0);
        assertThat(episode.supportImages().getFlat(4)).isEqualTo(905.0);
        assertThat(episode.supportImages().getFlat(8)).isEqualTo(501.0);
        assertThat(episode.queryImages().getFlat(0)).isEqualTo(703.0);
        assertThat(episode.queryImages().getFlat(4)).isEqualTo(502.0);
        assertThat(episode.queryImages().getFlat(8)).isEqualTo(901.0);
    }

    @Test
    void labelsComeInRandomOrder() throws DatasetException {
        EpisodeSampler sampler = EpisodeSampler.create(dataset, new EpisodeShape(5, 1, 1), 4);

        boolean unsortedLabels = false;
        boolean unsortedClasses = false;
        for (int repeat = 0; repeat < 20; repeat++) {
            Episode episode = sampler.next();
            unsortedLabels |= !Arrays.equals(episode.supportLabels(), new int[] {0, 1, 2, 3, 4});
            List<String> names = episode.classNames();
            unsortedClasses |= !names.stream().sorted().collect(Collectors.toList()).equals(names);
        }
        assertThat(unsortedLabels).as("support labels are shuffled").isTrue();
        assertThat(unsortedClasses).as("labels are assigned to classes in random order").isTrue();
    }

    @Test
    void classesAreDrawnUniformly() throws DatasetException {
        TensorDataset four = TensorDataset.numbered(4, 2);
        EpisodeSampler sampler = EpisodeSampler.create(four, new EpisodeShape(2, 1, 1), 5);

        int[] counts = new int[4];
        for (int repeat = 0; repeat < 2000; repeat++) {
            for (String name : sampler.next().classNames()) {
                counts[Integer.parseInt(name.substring(1))]++;
            }
        }

        // Each class is expected 1000 times; the standard deviation is about 22.
        for (int count : counts) {
            assertThat(count).isBetween(900, 1100);
        }
    }

    @Test
    void indexCountsEpisodes() throws DatasetException {
        EpisodeSampler sampler = EpisodeSampler.create(dataset, new EpisodeShape(2, 1, 0), 6);

        assertThat(sampler.next().index()).isZero();
        assertThat(sampler.next().index()).isEqualTo(1);
        assertThat(sampler.episodesDrawn()).isEqualTo(2);
    }

    @Test
    void tooFewClassesAreRejected() {
        assertThatThrownBy(() -> EpisodeSampler.create(dataset, new EpisodeShape(11, 1, 1), 0))
                .isInstanceOf(DatasetException.class)
                .hasMessage("tensors has 10 classes, fewer than the 11 ways requested; request at most 10 ways or use a larger split");
    }

    @Test
    void shotsAndQueriesBeyondEveryClassRejected() {
        assertThatThrownBy(() -> EpisodeSampler.create(dataset, new EpisodeShape(2, 1, 100), 0))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("every class of tensors has fewer than the 101 images that 1 shots + 100 queries need (the largest has ")
                .hasMessageEndingWith(" images per class in all");
    }

    @Test
    void episodeBeyondJavaArrayIsRejected() {
        // Images of 30000x30000 pixels, never read. Five of them have more values than the maximum array length, two do not.
        ClassDataset large = new ClassDataset() {
            @Override
            public String name() {
                return "large";
            }

            @Override
            public int classCount() {
                return 5;
            }

            @Override
            public String className(int classIndex) {
                return "c" + classIndex;
            }

            @Override
            public int imageCount(int classIndex) {
                return 2;
            }

            @Override
            public int[] imageShape() {
                return new int[] {1, 30000, 30000};
            }

            @Override
            public Tensor image(int classIndex, int imageIndex) {
                throw new AssertionError("read image " + imageIndex + " of class " + classIndex);
            }
        };

        assertThatThrownBy(() -> EpisodeSampler.create(large, new EpisodeShape(5, 1, 1), 0))
                .isInstanceOf(TensorSizeException.class)
                .hasMessage("Shape [5, 1, 30000, 30000] has more than 2147483639 elements, the most one Java array holds");
        assertThatCode(() -> EpisodeSampler.create(large, new EpisodeShape(2, 1, 1), 0)).doesNotThrowAnyException();
    }

    @Test
    void classWithTooFewImagesIsRejected() {
        TensorDataset uneven = new TensorDataset(List.of("full", "short"),
                List.of(List.of(Tensor.zeros(1, 2, 2), Tensor.zeros(1, 2, 2), Tensor.zeros(1, 2, 2)), List.of(Tensor.zeros(1, 2, 2))));

        assertThatThrownBy(() -> EpisodeSampler.create(uneven, new EpisodeShape(2, 1, 2), 0))
                .isInstanceOf(DatasetException.class)
                .hasMessage("1 classes of tensors have fewer than the 3 images that 1 shots + 2 queries need, for example [short (1)];"
                        + " lower the shots or queries, or remove those classes");
    }
}
