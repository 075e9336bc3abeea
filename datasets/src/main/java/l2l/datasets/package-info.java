/**
 * Class-level datasets and few-shot episodes: the {@link l2l.datasets.ClassDataset} view, loaders
 * for Omniglot, Lake's one-shot runs, miniImageNet and image folders, class splits and rotations,
 * and the seeded {@link l2l.datasets.EpisodeSampler} of N-way K-shot episodes. Recoverable data
 * problems are reported as the checked {@link l2l.datasets.DatasetException}.
 */
package l2l.datasets;
