/**
 * Datasets for learned optimizers and few-shot learning: loaders, class-level splits, seeded
 * N-way K-shot episodes, downloads and dataset discovery.
 *
 * <ul>
 *   <li>{@code l2l.datasets}: the {@link l2l.datasets.ClassDataset} view that episode samplers draw
 *       from; loaders for Omniglot, Lake's one-shot runs, miniImageNet splits and image folders;
 *       class splits, rotations, {@link l2l.datasets.EpisodeSampler} and prefetching.
 *   <li>{@code l2l.datasets.idx}: the IDX format and MNIST-style folders (MNIST, Fashion-MNIST).
 *   <li>{@code l2l.datasets.download}: resumable, checksummed downloads of the Omniglot archives.
 *   <li>{@code l2l.datasets.catalog}: finding datasets in folders by their layout.
 *   <li>{@code l2l.datasets.view}: a PNG picture of an episode.
 * </ul>
 *
 * Recoverable data problems are reported as the checked {@link l2l.datasets.DatasetException}.
 */
module l2l.datasets {
    requires transitive l2l.tensor;
    requires org.slf4j;
    // javax.imageio decodes PNG and JPEG; EpisodeGrid.render returns a java.awt.image.BufferedImage.
    requires transitive java.desktop;
    // Downloader takes a java.net.http.HttpClient.
    requires transitive java.net.http;

    exports l2l.datasets;
    exports l2l.datasets.idx;
    exports l2l.datasets.download;
    exports l2l.datasets.catalog;
    exports l2l.datasets.view;
}
