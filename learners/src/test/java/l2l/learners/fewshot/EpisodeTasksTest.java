package l2l.learners.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import l2l.datasets.ClassSplit;
import l2l.datasets.DatasetException;
import l2l.datasets.EpisodeShape;
import l2l.datasets.MetaSplit;
import l2l.datasets.OmniglotDataset;
import l2l.datasets.OneShotRun;
import l2l.metalearner.fewshot.FewShotTask;

/** Draws tasks from the bundled Omniglot subsets and Lake's runs, in the repository's data folder. */
class EpisodeTasksTest {

    private static MetaSplit split;
    private static Path omniglot;

    @BeforeAll
    static void openOmniglot() throws DatasetException {
        omniglot = Path.of(System.getProperty("l2l.root", "..")).resolve("data/omniglot");
        OmniglotDataset dataset = OmniglotDataset.open(OmniglotDataset.findSources(omniglot, OmniglotDataset.BACKGROUND));
        split = dataset.split(ClassSplit.read(omniglot.resolve(ClassSplit.OMNIGLOT_DEFAULT_FILE)));
    }

    @Test
    void sameIndexGivesSameTask() throws Exception {
        EpisodeTasks tasks = EpisodeTasks.create(split.val(), new EpisodeShape(5, 1, 3), 7);

        FewShotTask first = tasks.task(12);
        FewShotTask again = EpisodeTasks.create(split.val(), new EpisodeShape(5, 1, 3), 7).task(12);
        FewShotTask other = tasks.task(13);

        assertThat(again).isEqualTo(first);
        assertThat(other.support()).isNotEqualTo(first.support());
        assertThat(first.support().shape()).containsExactly(5, 1, 28, 28);
        assertThat(first.query().shape()).containsExactly(15, 1, 28, 28);
        assertThat(first.index()).isEqualTo(12);
        assertThat(tasks.first(3)).extracting(FewShotTask::index).containsExactly(0L, 1L, 2L);
    }

    @Test
    void requestLargerThanDataIsRejected() {
        assertThatThrownBy(() -> EpisodeTasks.create(split.val(), new EpisodeShape(30, 1, 15), 0))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("has 24 classes, fewer than the 30 ways requested; request at most 24 ways");
        assertThatThrownBy(() -> EpisodeTasks.create(split.test(), new EpisodeShape(5, 10, 15), 0))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("has fewer than the 25 images that 10 shots + 15 queries need (the largest has 20)");
    }

    @Test
    void lakeRunsBecomeTwentyWayTasks() throws Exception {
        List<FewShotTask> tasks = EpisodeTasks.fromRuns(OneShotRun.openAll(omniglot.resolve("one-shot-runs")));

        assertThat(tasks).hasSize(10);
        assertThat(tasks.get(0).ways()).isEqualTo(20);
        assertThat(tasks.get(0).supportLabels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        // The first line of run01/class_labels.txt pairs test/item01.png with training/class08.png.
        assertThat(tasks.get(0).queryLabels()[0]).isEqualTo(7);
    }
}
