package l2l.learners.fewshot;

import java.util.ArrayList;
import java.util.List;

import l2l.datasets.ClassDataset;
import l2l.datasets.DatasetException;
import l2l.datasets.Episode;
import l2l.datasets.EpisodeSampler;
import l2l.datasets.EpisodeShape;
import l2l.datasets.OneShotRun;
import l2l.metalearner.fewshot.FewShotException;
import l2l.metalearner.fewshot.FewShotTask;
import l2l.metalearner.fewshot.TaskSource;

/**
 * Few-shot tasks drawn from a {@link ClassDataset}, by index: task {@code i} is the first episode
 * of an {@link EpisodeSampler} seeded with a mix of the source's seed and {@code i}, so any task
 * can be drawn without drawing the ones before it, and a resumed run continues with the same
 * tasks. Images are read through the dataset, which caches them.
 */
public final class EpisodeTasks implements TaskSource {

    private final ClassDataset dataset;
    private final EpisodeShape shape;
    private final long seed;

    private EpisodeTasks(ClassDataset dataset, EpisodeShape shape, long seed) {
        this.dataset = dataset;
        this.shape = shape;
        this.seed = seed;
    }

    /**
     * Creates the source after checking that the dataset can supply tasks of this shape.
     *
     * @throws DatasetException if the dataset has fewer classes than ways, or a class has fewer
     *     images than shots plus queries; the message names the sizes and what to change
     */
    public static EpisodeTasks create(ClassDataset dataset, EpisodeShape shape, long seed) throws DatasetException {
        EpisodeSampler.create(dataset, shape, seed);
        return new EpisodeTasks(dataset, shape, seed);
    }

    /** Returns the dataset the tasks are drawn from. */
    public ClassDataset dataset() {
        return dataset;
    }

    /** Returns the episode shape. */
    public EpisodeShape shape() {
        return shape;
    }

    @Override
    public FewShotTask task(long index) throws FewShotException {
        try {
            Episode episode = EpisodeSampler.create(dataset, shape, mix(seed, index)).next();
            return toTask(episode, index);
        } catch (DatasetException e) {
            throw new FewShotException("Task " + index + " of " + dataset.name() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Returns tasks {@code 0 .. count - 1}.
     *
     * @throws FewShotException if a task cannot be read
     */
    public List<FewShotTask> first(int count) throws FewShotException {
        List<FewShotTask> tasks = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            tasks.add(task(index));
        }
        return tasks;
    }

    /** Returns the episode as a task with the given index. */
    public static FewShotTask toTask(Episode episode, long index) {
        return new FewShotTask(index, episode.supportImages(), episode.supportLabels(), episode.queryImages(), episode.queryLabels(),
                episode.ways());
    }

    /**
     * Returns Lake's one-shot runs as tasks: the run's training drawings as the support set,
     * its test drawings as the queries, with the labels as published.
     *
     * @throws DatasetException if a drawing cannot be read
     */
    public static List<FewShotTask> fromRuns(List<OneShotRun> runs) throws DatasetException {
        List<FewShotTask> tasks = new ArrayList<>();
        for (int index = 0; index < runs.size(); index++) {
            tasks.add(toTask(runs.get(index).toEpisode(index), index));
        }
        return tasks;
    }

    /** Returns the SplitMix64 output of {@code seed} and {@code index}, a seed per task that nearby indices do not correlate. */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
