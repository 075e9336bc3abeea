package l2l.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.ClassDataset;
import l2l.datasets.DatasetException;
import l2l.datasets.Episode;
import l2l.datasets.EpisodeSampler;
import l2l.datasets.EpisodeShape;
import l2l.datasets.ImageSpec;
import l2l.datasets.OneShotRun;
import l2l.datasets.SplitPart;
import l2l.datasets.catalog.DatasetKind;
import l2l.datasets.catalog.FoundDataset;
import l2l.datasets.catalog.Selection;
import l2l.datasets.view.EpisodeGrid;
import l2l.datasets.view.PictureSizeException;
import l2l.tensor.TensorSizeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l datasets show}: draws one sampled episode into a PNG file, so a person can see what the model receives. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Samples one episode and writes it as a PNG grid: one row per label with its class name, the support "
                + "images, an orange bar, and the query images. For one-shot runs, draws the run given by --run.")
final class DatasetsShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "omniglot",
            description = "The dataset, by the name that 'l2l datasets' lists; mnist finds the bundled mnist-10k unless a dataset "
                    + "is named mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--split", paramLabel = "PART",
            description = "The classes to draw from: train, val, test or all (default: train when the dataset has a split, else all).")
    String split;

    @Option(names = "--split-file", paramLabel = "FILE",
            description = "A class split file, JSON with train, val and test (default: the dataset's own split, if any).")
    Path splitFile;

    @Option(names = "--ways", paramLabel = "N", defaultValue = "5", description = "Classes per episode (default: ${DEFAULT-VALUE}).")
    int ways;

    @Option(names = "--shots", paramLabel = "K", defaultValue = "1", description = "Support images per class (default: ${DEFAULT-VALUE}).")
    int shots;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "5", description = "Query images per class (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of the episode sampler (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--run", paramLabel = "NUMBER", defaultValue = "1",
            description = "For one-shot runs: the run to draw, from 1 (default: ${DEFAULT-VALUE}).")
    int run;

    @Option(names = "--image-size", paramLabel = "PIXELS",
            description = "Side of the decoded square images, in pixels (default: 28 for Omniglot, 84 for miniImageNet and image folders).")
    Integer imageSize;

    @Option(names = "--channels", paramLabel = "C", description = "1 (grayscale) or 3 (RGB) channels for image folders (default: 3).")
    Integer channels;

    @Option(names = "--no-rotations", negatable = false,
            description = "Leave out the 90, 180 and 270 degree rotations that Omniglot's meta-training classes gain by default.")
    boolean noRotations;

    @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "" + EpisodeGrid.DEFAULT_SCALE,
            description = "Picture pixels per image pixel (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "episode.png",
            description = "The PNG file to write, replaced atomically (default: ${DEFAULT-VALUE}).")
    Path output;

    @Inject
    DatasetsShowCommand() {
    }

    @Override
    public Integer call() throws DatasetException {
        if (scale < 1) {
            throw new ParameterException(spec.commandLine(), "--scale must be at least 1, got " + scale);
        }
        Path fileName = output.getFileName();
        if (fileName == null || !fileName.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), "--output " + output + ": the picture is written as PNG; give a file name "
                    + "ending in .png");
        }
        if (imageSize != null) {
            OptionChecks.requireAtLeast(spec.commandLine(), "--image-size", imageSize, 1);
        }
        if (channels != null && channels != 1 && channels != 3) {
            throw new ParameterException(spec.commandLine(), "--channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        }
        FoundDataset found = locations.requireDataset(dataset);
        Episode episode;
        String title;
        try {
            if (found.kind() == DatasetKind.ONE_SHOT_RUNS) {
                List<OneShotRun> runs = found.runs(imageSize == null ? ImageSpec.OMNIGLOT_SIZE : imageSize);
                if (run < 1 || run > runs.size()) {
                    throw new ParameterException(spec.commandLine(), "--run must be between 1 and " + runs.size() + ", got " + run);
                }
                OneShotRun chosen = runs.get(run - 1);
                episode = chosen.toEpisode(0);
                title = found.name() + " " + chosen.name() + ": " + episode.shape();
            } else {
                Optional<Path> file = Optional.ofNullable(splitFile);
                Optional<SplitPart> part = split == null ? found.defaultPart(file) : parsePart(split);
                ClassDataset classes = found.classes(new Selection(part, file, !noRotations, optional(imageSize), optional(channels)));
                EpisodeSampler sampler = EpisodeSampler.create(classes, shape(), seed);
                episode = sampler.next();
                title = found.name() + " " + part.map(SplitPart::key).orElse("all") + ": " + episode.shape() + ", seed " + seed;
            }
        } catch (TensorSizeException e) {
            String optionValues = imageSize == null ? "" : " with --image-size " + imageSize;
            // One-shot runs have a fixed number of images, so only the image size can make them too large.
            String options = found.kind() == DatasetKind.ONE_SHOT_RUNS ? "--image-size" : "--image-size, --ways, --shots or --queries";
            throw new ParameterException(spec.commandLine(), "The episode is too large to build" + optionValues + ": " + e.getMessage()
                    + "; lower " + options);
        }

        String sizeValues = imageSize == null ? "--scale " + scale : "--scale " + scale + " and --image-size " + imageSize;
        String sizeOptions = imageSize == null ? "--scale" : "--scale or --image-size";
        try {
            EpisodeGrid.write(episode, title, scale, output);
        } catch (PictureSizeException e) {
            throw new ParameterException(spec.commandLine(), "The picture is too large to render with " + sizeValues + ": " + e.getMessage()
                    + "; lower " + sizeOptions);
        } catch (DatasetException e) {
            // EpisodeGrid.write raises it only when the file cannot be written, and its message names the file.
            throw new DatasetException(e.getMessage() + "; choose a writable path with -o", e);
        } catch (OutOfMemoryError e) {
            // The picture fits the heap's maximum on paper, but not beside the data already on the heap.
            long heapMebibytes = Runtime.getRuntime().maxMemory() >> 20;
            throw new ParameterException(spec.commandLine(), "The picture is too large to render with " + sizeValues + ": drawing it "
                    + "ran out of the Java heap of " + heapMebibytes + " MiB; lower " + sizeOptions + ", or run with a larger heap, such "
                    + "as L2L_JAVA_OPTS=" + Main.largerHeap(Runtime.getRuntime().maxMemory()));
        }
        spec.commandLine().getOut().println("Wrote " + output + ": " + title);
        spec.commandLine().getOut().println("Classes by label: " + episode.classNames());
        return 0;
    }

    private EpisodeShape shape() {
        try {
            return new EpisodeShape(ways, shots, queries);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--ways and --shots must be at least 1 and --queries at least 0, got "
                    + ways + ", " + shots + " and " + queries);
        }
    }

    private Optional<SplitPart> parsePart(String value) {
        if (value.toLowerCase(Locale.ROOT).equals("all")) {
            return Optional.empty();
        }
        try {
            return Optional.of(SplitPart.fromKey(value));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for --split: '" + value + "'; expected train, val, test or all");
        }
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
