/**
 * Dataset loaders (IDX for MNIST and Fashion-MNIST, Omniglot, Lake's one-shot runs, miniImageNet
 * splits, image folders), class-level splits and seeded N-way K-shot episode samplers.
 */
module l2l.datasets {
    requires transitive l2l.tensor;
    requires org.slf4j;
    // javax.imageio decodes PNG and JPEG, and java.awt.image contains the decoded pixels.
    requires java.desktop;
    // java.net.http downloads the full Omniglot archives.
    requires java.net.http;

    exports l2l.datasets;
    exports l2l.datasets.idx;
    exports l2l.datasets.download;
    exports l2l.datasets.catalog;
    exports l2l.datasets.view;
}
