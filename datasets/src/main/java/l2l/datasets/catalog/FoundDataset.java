package l2l.datasets.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import l2l.datasets.ClassDataset;
import l2l.datasets.ClassSplit;
import l2l.datasets.DatasetException;
import l2l.datasets.ImageFolderDataset;
import l2l.datasets.ImageSpec;
import l2l.datasets.MetaSplit;
import l2l.datasets.MiniImageNet;
import l2l.datasets.OmniglotDataset;
import l2l.datasets.OneShotRun;
import l2l.datasets.RotatedDataset;
import l2l.datasets.SplitPart;
import l2l.datasets.idx.LabelledImages;
import l2l.datasets.idx.MnistFolder;

/**
 * A dataset that {@link DatasetCatalog} found: its name, layout, place and sources, with the means
 * to summarise and open it. Finding reads only folder listings; {@link #summarize} and
 * {@link #classes} read the data.
 */
public final class FoundDataset {

    /** The side in pixels of the images of MNIST and Fashion-MNIST. */
    private static final int MNIST_SIDE = 28;

    private final String name;
    private final DatasetKind kind;
    private final DataRoot root;
    private final Path location;
    private final List<Path> sources;

    FoundDataset(String name, DatasetKind kind, DataRoot root, Path location, List<Path> sources) {
        this.name = name;
        this.kind = kind;
        this.root = root;
        this.location = location;
        this.sources = List.copyOf(sources);
    }

    /** Returns the name by which commands refer to the dataset, such as {@code omniglot} or {@code mnist-10k}. */
    public String name() {
        return name;
    }

    /** Returns the layout. */
    public DatasetKind kind() {
        return kind;
    }

    /** Returns the folder it was found in. */
    public DataRoot root() {
        return root;
    }

    /** Returns the dataset's folder. */
    public Path location() {
        return location;
    }

    /** Returns the Omniglot archives and folders; empty for other layouts. */
    public List<Path> sources() {
        return sources;
    }

    /**
     * Returns the split file that comes with the dataset: for Omniglot background sources, the first
     * {@code split*.json} file beside them, such as the bundled {@code split-242-seed1234.json}.
     */
    public Optional<Path> defaultSplitFile() throws DatasetException {
        if (kind != DatasetKind.OMNIGLOT || name.endsWith(EVALUATION_SUFFIX)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(location)) {
            return entries.filter(entry -> {
                String fileName = entry.getFileName().toString();
                return fileName.startsWith("split") && fileName.endsWith(".json");
            }).sorted().findFirst();
        } catch (IOException e) {
            throw new DatasetException(location, "failed to list the folder: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the part a command uses when none is named: {@code train} for miniImageNet and
     * MNIST-style folders, and for Omniglot and image folders when a split file is given or comes
     * with the dataset; otherwise all classes (empty).
     */
    public Optional<SplitPart> defaultPart(Optional<Path> splitFile) throws DatasetException {
        switch (kind) {
            case MINI_IMAGENET:
            case MNIST:
                return Optional.of(SplitPart.TRAIN);
            case OMNIGLOT:
                return splitFile.isPresent() || defaultSplitFile().isPresent() ? Optional.of(SplitPart.TRAIN) : Optional.empty();
            case IMAGE_FOLDER:
                return splitFile.isPresent() ? Optional.of(SplitPart.TRAIN) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /**
     * Reads the dataset far enough to count its classes and images and to check its files: Omniglot
     * archives are read without decoding an image, and MNIST-style files are read in full.
     *
     * @throws DatasetException when the dataset is invalid
     */
    public Summary summarize() throws DatasetException {
        switch (kind) {
            case OMNIGLOT: {
                OmniglotDataset omniglot = OmniglotDataset.open(sources);
                return new Summary(omniglot.classCount(), omniglot.totalImageCount(), omniglot.alphabets().size() + " alphabets");
            }
            case ONE_SHOT_RUNS: {
                List<OneShotRun> runs = OneShotRun.openAll(location);
                long classes = runs.stream().mapToLong(OneShotRun::ways).sum();
                long images = runs.stream().mapToLong(run -> run.ways() + run.testImages().size()).sum();
                return new Summary(classes, images, runs.size() + " runs of " + runs.get(0).ways() + "-way one-shot");
            }
            case MINI_IMAGENET: {
                MetaSplit split = MiniImageNet.open(location);
                StringBuilder detail = new StringBuilder();
                long classes = 0;
                long images = 0;
                for (SplitPart part : SplitPart.values()) {
                    ClassDataset dataset = split.part(part);
                    classes += dataset.classCount();
                    images += dataset.totalImageCount();
                    detail.append(detail.length() == 0 ? "" : ", ").append(part.key()).append(' ').append(dataset.classCount());
                }
                return new Summary(classes, images, "classes " + detail);
            }
            case MNIST: {
                // Read in full (tens of megabytes at most), so that a truncated file or a header that claims more images fails here.
                LabelledImages train = MnistFolder.load(location, MnistFolder.Part.TRAIN);
                LabelledImages test = MnistFolder.load(location, MnistFolder.Part.TEST);
                long classes = Arrays.stream(train.labels()).distinct().count();
                return new Summary(classes, (long) train.size() + test.size(), "train " + train.size() + ", test " + test.size());
            }
            case IMAGE_FOLDER: {
                ImageFolderDataset folder = ImageFolderDataset.open(location, ImageSpec.rgb(ImageSpec.MINI_IMAGENET_SIZE));
                return new Summary(folder.classCount(), folder.totalImageCount(), "");
            }
            default:
                throw new IllegalStateException("FoundDataset: unknown kind " + kind);
        }
    }

    /**
     * Opens the classes that {@code selection} describes.
     *
     * @throws DatasetException when the data is invalid, the split does not fit the dataset, or the
     *     selection does not apply to this layout. One-shot runs have no classes to sample, MNIST
     *     has no validation part, and miniImageNet's split is its CSV files.
     */
    public ClassDataset classes(Selection selection) throws DatasetException {
        switch (kind) {
            case OMNIGLOT:
                return omniglotClasses(selection);
            case MINI_IMAGENET:
                return miniImageNetClasses(selection);
            case MNIST:
                return mnistClasses(selection);
            case IMAGE_FOLDER: {
                int side = selection.imageSize().orElse(ImageSpec.MINI_IMAGENET_SIZE);
                ImageSpec spec = new ImageSpec(selection.channels().orElse(3), side, side, false);
                return select(ImageFolderDataset.open(location, spec), selection, selection.splitFile());
            }
            case ONE_SHOT_RUNS:
                throw new DatasetException(name + " is a set of fixed one-shot runs, not classes to draw episodes from. l2l fewshot "
                        + "eval tests on these runs when it finds them; draw episodes from omniglot instead");
            default:
                throw new IllegalStateException("FoundDataset: unknown kind " + kind);
        }
    }

    /**
     * Opens the one-shot runs with images of {@code imageSize} pixels a side.
     *
     * @throws DatasetException when this is not a folder of runs, or a run is invalid
     */
    public List<OneShotRun> runs(int imageSize) throws DatasetException {
        if (kind != DatasetKind.ONE_SHOT_RUNS) {
            throw new DatasetException(name + " (" + kind.label() + ") is not a folder of one-shot runs");
        }
        return OneShotRun.openAll(location, ImageSpec.omniglot(imageSize));
    }

    private ClassDataset omniglotClasses(Selection selection) throws DatasetException {
        int side = selection.imageSize().orElse(ImageSpec.OMNIGLOT_SIZE);
        OmniglotDataset omniglot = OmniglotDataset.open(sources, new ImageSpec(selection.channels().orElse(1), side, side, true));
        Optional<Path> splitFile = selection.splitFile().isPresent() ? selection.splitFile() : defaultSplitFile();
        ClassDataset selected = select(omniglot, selection, splitFile);
        boolean rotate = selection.rotateTrain() && selection.part().equals(Optional.of(SplitPart.TRAIN));
        return rotate ? RotatedDataset.of(selected) : selected;
    }

    private ClassDataset miniImageNetClasses(Selection selection) throws DatasetException {
        if (selection.splitFile().isPresent()) {
            throw new DatasetException(name + ": miniImageNet is split by its train.csv, val.csv and test.csv; a split file does not apply");
        }
        SplitPart part = selection.part().orElseThrow(() -> new DatasetException(name
                + ": miniImageNet's parts have separate classes; choose the part train, val or test"));
        int side = selection.imageSize().orElse(ImageSpec.MINI_IMAGENET_SIZE);
        return MiniImageNet.openPart(location, part, new ImageSpec(selection.channels().orElse(3), side, side, false));
    }

    private ClassDataset mnistClasses(Selection selection) throws DatasetException {
        List<String> requested = new ArrayList<>();
        selection.splitFile().ifPresent(file -> requested.add("the split file " + file));
        selection.imageSize().stream().filter(size -> size != MNIST_SIDE).forEach(size -> requested.add("the image size " + size));
        selection.channels().stream().filter(channels -> channels != 1).forEach(channels -> requested.add(channels + " channels"));
        if (!requested.isEmpty()) {
            throw new DatasetException(name + ": an MNIST-style folder has fixed train and test parts and 28x28 grayscale images, so "
                    + String.join(" and ", requested) + " cannot be applied to it; choose a dataset of classes to split, such as omniglot");
        }
        SplitPart part = selection.part().orElse(SplitPart.TRAIN);
        if (part == SplitPart.VAL) {
            throw new DatasetException(name + ": an MNIST-style folder has the parts train and test only, with no validation part, "
                    + "which few-shot training and tuning need; choose a dataset of classes, such as omniglot");
        }
        MnistFolder.Part mnistPart = part == SplitPart.TRAIN ? MnistFolder.Part.TRAIN : MnistFolder.Part.TEST;
        return MnistFolder.load(location, mnistPart).asClassDataset();
    }

    private ClassDataset select(ClassDataset dataset, Selection selection, Optional<Path> splitFile) throws DatasetException {
        if (selection.part().isEmpty()) {
            return dataset;
        }
        if (splitFile.isEmpty()) {
            throw new DatasetException(name + " has no split file; pass one (write one with 'l2l datasets split') or choose all classes");
        }
        return ClassSplit.read(splitFile.get()).select(dataset, selection.part().get());
    }

    /** Returns the name, layout and place, such as {@code omniglot (Omniglot, bundled: /repo/data/omniglot)}. */
    @Override
    public String toString() {
        return name + " (" + kind.label() + ", " + root.origin() + ": " + location + ")";
    }

    /** The suffix of the names of Omniglot evaluation sets. */
    static final String EVALUATION_SUFFIX = "-evaluation";

    /** Returns the sorted, non-hidden entries of {@code folder}. */
    static List<Path> list(Path folder) throws DatasetException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> !entry.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(folder, "failed to list the folder: " + e.getMessage(), e);
        }
    }
}
