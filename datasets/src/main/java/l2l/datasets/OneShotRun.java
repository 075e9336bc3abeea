package l2l.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorSizeException;

/**
 * One run of the 20-way one-shot classification task of Lake, Salakhutdinov and Tenenbaum
 * (Science 2015), as published in {@code all_runs.zip} of the repository brendenlake/omniglot.
 *
 * <p>A run folder, such as {@code run01/}, contains {@code training/classNN.png} (one drawing of
 * each of the N characters), {@code test/itemNN.png} (drawings to classify) and
 * {@code class_labels.txt}. Each line of that file pairs a test drawing with the training drawing of
 * the same character, as paths relative to the folder that contains the run:
 * {@code run01/test/item01.png run01/training/class08.png}.
 *
 * <p>{@link #toEpisode} turns the run into an N-way 1-shot {@link Episode}: the support set is the
 * training drawings in file-name order with labels 0 to N - 1, and the query set is the test
 * drawings in the order of {@code class_labels.txt}. The run's labels are kept as published, not
 * shuffled, so every evaluation uses the same task.
 */
public final class OneShotRun {

    /** The file that pairs test drawings with training drawings. */
    public static final String LABELS_FILE = "class_labels.txt";

    private final Path folder;
    private final ImageSpec spec;
    private final List<Path> trainingImages;
    private final List<Path> testImages;
    private final int[] testLabels;

    private OneShotRun(Path folder, ImageSpec spec, List<Path> trainingImages, List<Path> testImages, int[] testLabels) {
        this.folder = folder;
        this.spec = spec;
        this.trainingImages = List.copyOf(trainingImages);
        this.testImages = List.copyOf(testImages);
        this.testLabels = testLabels;
    }

    /**
     * Opens every run folder (a folder whose name starts with {@code run}) in {@code folder}, sorted
     * by name, with 28x28 Omniglot images.
     *
     * @throws DatasetException when the folder has no runs or a run is invalid
     */
    public static List<OneShotRun> openAll(Path folder) throws DatasetException {
        return openAll(folder, ImageSpec.omniglot(ImageSpec.OMNIGLOT_SIZE));
    }

    /**
     * Opens every run folder (a folder whose name starts with {@code run}) in {@code folder}, sorted
     * by name, decoding drawings with {@code spec}.
     *
     * @throws DatasetException when the folder has no runs or a run is invalid
     */
    public static List<OneShotRun> openAll(Path folder, ImageSpec spec) throws DatasetException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder, "folder of one-shot runs not found");
        }
        List<Path> runFolders;
        try (Stream<Path> entries = Files.list(folder)) {
            runFolders = entries.filter(Files::isDirectory)
                    .filter(entry -> entry.getFileName().toString().startsWith("run"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(folder, "failed to list the folder: " + e.getMessage(), e);
        }
        if (runFolders.isEmpty()) {
            throw new DatasetException(folder, "no run folders (run01, run02, ...) found");
        }
        List<OneShotRun> runs = new ArrayList<>();
        for (Path runFolder : runFolders) {
            runs.add(open(runFolder, spec));
        }
        return runs;
    }

    /**
     * Opens one run folder, checking that {@code class_labels.txt} names existing drawings, that
     * every test drawing is listed exactly once and that each character has as many test drawings
     * as every other. Drawings are decoded later, by {@link #toEpisode}.
     *
     * @throws DatasetException when a file is missing or {@code class_labels.txt} is invalid; the
     *     message names the file and line
     */
    public static OneShotRun open(Path runFolder, ImageSpec spec) throws DatasetException {
        Path labelsFile = runFolder.resolve(LABELS_FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(labelsFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DatasetException(labelsFile, "missing; a one-shot run folder contains " + LABELS_FILE + ", training/ and test/", e);
        } catch (IOException e) {
            throw new DatasetException(labelsFile, "failed to read: " + e.getMessage(), e);
        }
        List<Path> trainingImages = listImages(runFolder.resolve("training"));
        List<Path> listedTests = listImages(runFolder.resolve("test"));

        List<Path> testImages = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (int lineIndex = 0; lineIndex < lines.size(); lineIndex++) {
            String line = lines.get(lineIndex).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (lineIndex + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new DatasetException(labelsFile, where + ": expected '<test drawing> <training drawing>', found '" + line + "'");
            }
            Path test = resolve(runFolder, fields[0], "test", labelsFile, where);
            Path training = resolve(runFolder, fields[1], "training", labelsFile, where);
            if (!listedTests.contains(test)) {
                throw new DatasetException(labelsFile, where + ": test drawing " + test + " not found");
            }
            int label = trainingImages.indexOf(training);
            if (label < 0) {
                throw new DatasetException(labelsFile, where + ": training drawing " + training + " not found");
            }
            if (!seen.add(test)) {
                throw new DatasetException(labelsFile, where + ": test drawing " + fields[0] + " is listed twice");
            }
            testImages.add(test);
            labels.add(label);
        }
        checkComplete(labelsFile, listedTests, seen, trainingImages, labels);
        return new OneShotRun(runFolder, spec, trainingImages, testImages, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Returns the run's folder name, such as {@code run01}. */
    public String name() {
        return folder.getFileName().toString();
    }

    /** Returns the number of characters N, one training drawing each. */
    public int ways() {
        return trainingImages.size();
    }

    /** Returns the training drawings in label order. */
    public List<Path> trainingImages() {
        return trainingImages;
    }

    /** Returns the test drawings in the order of {@code class_labels.txt}. */
    public List<Path> testImages() {
        return testImages;
    }

    /** Returns the label of each test drawing: the index of its character's training drawing. */
    public int[] testLabels() {
        return testLabels.clone();
    }

    /**
     * Decodes the run's drawings into an N-way 1-shot episode with index {@code index}: support
     * {@code [N, C, H, W]} with labels {@code 0..N-1}, query {@code [T, C, H, W]} for the T test
     * drawings. Class names are {@code <run>/<training file without .png>}, such as
     * {@code run01/class08}.
     *
     * @throws DatasetException when a drawing cannot be read or decoded
     * @throws TensorSizeException when the drawings at the spec's size would have more values than the
     *     maximum Java array length
     */
    public Episode toEpisode(long index) throws DatasetException {
        int[] supportLabels = new int[ways()];
        List<String> names = new ArrayList<>();
        for (int label = 0; label < ways(); label++) {
            supportLabels[label] = label;
            String file = trainingImages.get(label).getFileName().toString();
            names.add(name() + "/" + file.substring(0, file.lastIndexOf('.')));
        }
        return new Episode(index, stack(trainingImages), supportLabels, stack(testImages), testLabels, ways(), 1,
                testImages.size() / ways(), names);
    }

    private Tensor stack(List<Path> files) throws DatasetException {
        int[] shape = spec.shape();
        int size = Shapes.size(shape);
        double[] values = new double[Shapes.size(files.size(), shape[0], shape[1], shape[2])];
        for (int i = 0; i < files.size(); i++) {
            spec.read(files.get(i)).copyTo(values, i * size);
        }
        return Tensor.of(values, files.size(), shape[0], shape[1], shape[2]);
    }

    /** Resolves a path of {@code class_labels.txt}, such as {@code run01/test/item01.png}, inside the run folder. */
    private static Path resolve(Path runFolder, String path, String expectedPart, Path labelsFile, String where) throws DatasetException {
        String[] parts = path.split("/");
        if (parts.length < 2 || !parts[parts.length - 2].equals(expectedPart)) {
            throw new DatasetException(labelsFile, where + ": '" + path + "' is not a path of the form <run>/" + expectedPart + "/<file>");
        }
        return runFolder.resolve(expectedPart).resolve(parts[parts.length - 1]);
    }

    private static List<Path> listImages(Path folder) throws DatasetException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder, "folder not found; a one-shot run folder contains " + LABELS_FILE + ", training/ and test/");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> images = entries.filter(ImageFolderDataset::isImageFile).sorted().collect(Collectors.toList());
            if (images.isEmpty()) {
                throw new DatasetException(folder, "no drawings found");
            }
            return images;
        } catch (IOException e) {
            throw new DatasetException(folder, "failed to list the folder: " + e.getMessage(), e);
        }
    }

    private static void checkComplete(Path labelsFile, List<Path> listedTests, Set<Path> seen, List<Path> trainingImages,
            List<Integer> labels) throws DatasetException {
        for (Path test : listedTests) {
            if (!seen.contains(test)) {
                throw new DatasetException(labelsFile, "test drawing " + test.getFileName() + " is missing from the file; every drawing in "
                        + "test/ needs a line");
            }
        }
        int[] counts = new int[trainingImages.size()];
        for (int label : labels) {
            counts[label]++;
        }
        for (int label = 0; label < counts.length; label++) {
            if (counts[label] != counts[0]) {
                throw new DatasetException(labelsFile, "training drawing " + trainingImages.get(label).getFileName() + " has " + counts[label]
                        + " test drawings but " + trainingImages.get(0).getFileName() + " has " + counts[0]
                        + "; every character needs the same number");
            }
        }
    }
}
