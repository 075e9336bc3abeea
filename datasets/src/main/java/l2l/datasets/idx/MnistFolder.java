package l2l.datasets.idx;

import java.nio.file.Files;
import java.nio.file.Path;

import l2l.datasets.DatasetException;

/**
 * A folder in the MNIST layout, also used by Fashion-MNIST: the four files
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
 * and {@code t10k-labels-idx1-ubyte}, each either plain or gzip-compressed with the suffix
 * {@code .gz}. Images are unsigned bytes of dimensions {@code [N, H, W]}, labels unsigned bytes of
 * dimension {@code [N]} with values from 0 to 9, the {@link #CLASS_COUNT} classes.
 */
public final class MnistFolder {

    /** The number of classes of MNIST and Fashion-MNIST, whose labels run from 0 to 9. */
    public static final int CLASS_COUNT = 10;

    /** The two halves of an MNIST-style folder, with their file-name prefixes. */
    public enum Part {
        TRAIN("train"),
        TEST("t10k");

        private final String prefix;

        Part(String prefix) {
            this.prefix = prefix;
        }

        /** Returns the image file name without {@code .gz}, such as {@code train-images-idx3-ubyte}. */
        public String imagesFile() {
            return prefix + "-images-idx3-ubyte";
        }

        /** Returns the label file name without {@code .gz}, such as {@code train-labels-idx1-ubyte}. */
        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    private MnistFolder() {
    }

    /** Returns whether {@code folder} contains the four files of the MNIST layout, plain or gzip-compressed. */
    public static boolean isMnistFolder(Path folder) {
        for (Part part : Part.values()) {
            if (find(folder, part.imagesFile()) == null || find(folder, part.labelsFile()) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether {@code folder} contains at least one of the four files of the MNIST layout:
     * a complete MNIST folder, or one whose missing files {@link #load} names.
     */
    public static boolean hasMnistFile(Path folder) {
        for (Part part : Part.values()) {
            if (find(folder, part.imagesFile()) != null || find(folder, part.labelsFile()) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads one part of the folder: the images as bytes, the labels as integers.
     *
     * @throws DatasetException when a file is missing or invalid, a label is above 9, or the two files disagree on the image
     *     count
     */
    public static LabelledImages load(Path folder, Part part) throws DatasetException {
        Path imagesFile = locate(folder, part.imagesFile());
        Path labelsFile = locate(folder, part.labelsFile());
        IdxArray images = IdxArray.read(imagesFile);
        IdxArray labels = IdxArray.read(labelsFile);
        checkImages(imagesFile, images.header());
        checkLabels(labelsFile, labels.header());
        if (images.header().dimension(0) != labels.header().dimension(0)) {
            throw new DatasetException(folder, imagesFile.getFileName() + " has " + images.header().dimension(0) + " images but "
                    + labelsFile.getFileName() + " has " + labels.header().dimension(0) + " labels; the files do not belong together");
        }

        int[] labelValues = labelValues(labelsFile, labels);
        String name = folder.getFileName() + " " + part.name().toLowerCase(java.util.Locale.ROOT);
        return new LabelledImages(name, images.data(), labelValues, images.header().dimension(1), images.header().dimension(2));
    }

    /**
     * Returns the number of images of one part from the file headers, without reading the data.
     *
     * @throws DatasetException when the images file is missing or its header is invalid
     */
    public static int count(Path folder, Part part) throws DatasetException {
        Path imagesFile = locate(folder, part.imagesFile());
        IdxHeader header = IdxHeader.read(imagesFile);
        checkImages(imagesFile, header);
        return header.dimension(0);
    }

    /**
     * Returns the labels of one part, reading only the label file.
     *
     * @throws DatasetException when the label file is missing or invalid, or a label is above 9
     */
    public static int[] labels(Path folder, Part part) throws DatasetException {
        Path labelsFile = locate(folder, part.labelsFile());
        IdxArray labels = IdxArray.read(labelsFile);
        checkLabels(labelsFile, labels.header());
        return labelValues(labelsFile, labels);
    }

    /** Returns the labels of {@code file} as integers after checking that each names one of the {@link #CLASS_COUNT} classes. */
    private static int[] labelValues(Path file, IdxArray labels) throws DatasetException {
        byte[] bytes = labels.data();
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
            if (values[i] >= CLASS_COUNT) {
                throw new DatasetException(file, "label " + values[i] + " at index " + i + " (counting from 0) is outside 0 to "
                        + (CLASS_COUNT - 1) + ", the " + CLASS_COUNT + " classes of MNIST and Fashion-MNIST; the file is corrupt, "
                        + "so extract or download it again");
            }
        }
        return values;
    }

    private static void checkImages(Path file, IdxHeader header) throws DatasetException {
        if (header.type() != IdxType.UNSIGNED_BYTE || header.rank() != 3) {
            throw new DatasetException(file, "MNIST images must be unsigned bytes of dimensions [N, height, width], found " + header);
        }
    }

    private static void checkLabels(Path file, IdxHeader header) throws DatasetException {
        if (header.type() != IdxType.UNSIGNED_BYTE || header.rank() != 1) {
            throw new DatasetException(file, "MNIST labels must be unsigned bytes of dimensions [N], found " + header);
        }
    }

    private static Path locate(Path folder, String baseName) throws DatasetException {
        Path file = find(folder, baseName);
        if (file == null) {
            throw new DatasetException(folder, "neither " + baseName + ".gz nor " + baseName
                    + " found; an MNIST-style folder contains train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                    + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally gzip-compressed with .gz");
        }
        return file;
    }

    /** Returns the gzip-compressed file if present, else the plain file if present, else null. */
    private static Path find(Path folder, String baseName) {
        Path compressed = folder.resolve(baseName + ".gz");
        if (Files.isRegularFile(compressed)) {
            return compressed;
        }
        Path plain = folder.resolve(baseName);
        return Files.isRegularFile(plain) ? plain : null;
    }
}
