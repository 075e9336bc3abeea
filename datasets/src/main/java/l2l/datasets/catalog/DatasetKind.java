package l2l.datasets.catalog;

/** The dataset layouts that {@link DatasetCatalog} recognises in a folder. */
public enum DatasetKind {
    /** Omniglot archives or unpacked folders, such as {@code images_background*.zip}. */
    OMNIGLOT("Omniglot"),
    /** Lake's 20-way one-shot runs, folders {@code run01/} onwards with {@code class_labels.txt}. */
    ONE_SHOT_RUNS("one-shot runs"),
    /** miniImageNet in Ravi and Larochelle's split format: {@code train.csv}, {@code val.csv}, {@code test.csv} and {@code images/}. */
    MINI_IMAGENET("miniImageNet"),
    /** An MNIST-style folder of four IDX files, as used by MNIST and Fashion-MNIST. */
    MNIST("MNIST-style"),
    /** A folder of class folders of images. */
    IMAGE_FOLDER("image folder");

    private final String label;

    DatasetKind(String label) {
        this.label = label;
    }

    /** Returns the name of the layout for listings, such as {@code Omniglot}. */
    public String label() {
        return label;
    }
}
