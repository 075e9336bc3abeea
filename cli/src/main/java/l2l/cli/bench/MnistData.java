package l2l.cli.bench;

import java.util.List;

import l2l.cli.options.DataLocations;
import l2l.datasets.DatasetException;
import l2l.datasets.catalog.DataRoot;
import l2l.datasets.catalog.DatasetCatalog;
import l2l.datasets.catalog.DatasetKind;
import l2l.datasets.catalog.FoundDataset;
import l2l.datasets.idx.LabelledImages;
import l2l.datasets.idx.MnistFolder;

/**
 * An MNIST-style dataset loaded for the MLP workloads.
 *
 * @param name the dataset's name, as {@code l2l datasets} lists it
 * @param training the training images
 * @param test the test images
 * @param classes the number of classes, at least 2
 */
record MnistData(String name, LabelledImages training, LabelledImages test, int classes) {

    /**
     * Finds the dataset by name in the data folders and loads both parts.
     *
     * @throws DatasetException if it is missing, not an MNIST-style dataset, or unreadable
     */
    static MnistData load(List<DataRoot> roots, String name) throws DatasetException {
        FoundDataset found = DataLocations.resolve(DatasetCatalog.scan(roots), name);
        if (found.kind() != DatasetKind.MNIST) {
            throw new DatasetException(found.location(), "dataset '" + name + "' is " + found.kind().label()
                    + ", but the MLP workloads need an MNIST-style IDX dataset such as mnist-10k");
        }
        LabelledImages training = MnistFolder.load(found.location(), MnistFolder.Part.TRAIN);
        LabelledImages test = MnistFolder.load(found.location(), MnistFolder.Part.TEST);
        return new MnistData(name, training, test, MnistFolder.CLASS_COUNT);
    }
}
