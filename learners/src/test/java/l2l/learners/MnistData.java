package l2l.learners;

import java.nio.file.Path;
import java.nio.file.Paths;

import l2l.datasets.idx.LabelledImages;
import l2l.datasets.idx.MnistFolder;

/** The MNIST subset in the folder named by the system property {@code l2l.data.dir}, loaded once. */
final class MnistData {

    static final LabelledImages TRAINING;
    static final LabelledImages TEST;

    static {
        Path folder = Paths.get(System.getProperty("l2l.data.dir", "../shared/data"));
        if (!folder.isAbsolute()) {
            String root = System.getProperty("l2l.root");
            folder = (root == null ? Paths.get("") : Paths.get(root)).resolve(folder);
        }
        try {
            TRAINING = MnistFolder.load(folder.resolve("mnist-10k"), MnistFolder.Part.TRAIN);
            TEST = MnistFolder.load(folder.resolve("mnist-10k"), MnistFolder.Part.TEST);
        } catch (Exception e) {
            throw new IllegalStateException("Failed to load mnist-10k from " + folder + "; point -Dl2l.data.dir at the folder that contains mnist-10k", e);
        }
    }

    private MnistData() {
    }
}
