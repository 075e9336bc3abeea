package l2l.cli;

import static l2l.cli.text.Plurals.count;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.ClassDataset;
import l2l.datasets.ClassSplit;
import l2l.datasets.DatasetException;
import l2l.datasets.catalog.DatasetKind;
import l2l.datasets.catalog.FoundDataset;
import l2l.datasets.catalog.Selection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l datasets split}: draws a seeded class-level split of a dataset and writes it as a split file. */
@Command(
        name = "split",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Draws a seeded split of the classes of a dataset into meta-training, meta-validation and meta-test "
                + "parts, and writes it as a JSON split file that 'l2l datasets show --split-file' accepts. --fractions splits "
                + "all classes; --counts takes that many classes per part, which may leave some out.")
final class DatasetsSplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "omniglot",
            description = "The dataset of classes to split, by the name that 'l2l datasets' lists: Omniglot or a folder of class "
                    + "folders. MNIST-style and miniImageNet datasets come in fixed parts and are rejected (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--seed", paramLabel = "SEED", required = true, description = "Seed of the random permutation of the classes.")
    long seed;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sizes sizes;

    @Option(names = "--ways", paramLabel = "N", defaultValue = "5",
            description = "Classes per task that each part must be able to give: every part needs at least N classes "
                    + "(default: ${DEFAULT-VALUE}, as in 'l2l fewshot train').")
    int ways;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The split file to write, replaced atomically.")
    Path output;

    /** The part sizes, as counts or as fractions. */
    static final class Sizes {

        // Single strings, parsed in call(): as lists picocli's synopsis would show them as repeatable.
        @Option(names = "--counts", paramLabel = "TRAIN,VAL,TEST", description = "Number of classes in each part, such as 194,24,24.")
        String counts;

        @Option(names = "--fractions", paramLabel = "TRAIN,VAL",
                description = "Fractions of the classes for meta-training and meta-validation, such as 0.8,0.1; meta-test gets the rest.")
        String fractions;
    }

    @Inject
    DatasetsSplitCommand() {
    }

    @Override
    public Integer call() throws DatasetException {
        OptionChecks.requireAtLeast(spec.commandLine(), "--ways", ways, 2);
        FoundDataset found = locations.requireDataset(dataset);
        if (found.kind() == DatasetKind.MNIST || found.kind() == DatasetKind.MINI_IMAGENET) {
            throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": " + found.name() + " (" + found.kind().label()
                    + ") comes in fixed parts, so no command applies a split file to it; split a dataset of classes, such as omniglot "
                    + "or a folder of class folders");
        }
        ClassDataset classes = found.classes(new Selection(Optional.empty(), Optional.empty(), false, OptionalInt.empty(),
                OptionalInt.empty()));
        ClassSplit split;
        try {
            if (sizes.counts != null) {
                double[] counts = numbers("--counts", sizes.counts, "three whole numbers TRAIN,VAL,TEST", 3);
                for (double count : counts) {
                    if (count != Math.rint(count) || Math.abs(count) > Integer.MAX_VALUE) {
                        throw malformed("--counts", sizes.counts, "three whole numbers TRAIN,VAL,TEST");
                    }
                }
                split = ClassSplit.random(classes.classNames(), (int) counts[0], (int) counts[1], (int) counts[2], seed);
            } else {
                double[] fractions = numbers("--fractions", sizes.fractions, "two numbers TRAIN,VAL", 2);
                split = ClassSplit.randomFractions(classes.classNames(), fractions[0], fractions[1], seed);
            }
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().replaceFirst("^ClassSplit\\.\\w+: ", "");
            throw new ParameterException(spec.commandLine(), sizesOption() + ": " + problem);
        }
        requireEpisodes(split);

        split.write(output);
        spec.commandLine().getOut().println("Wrote " + output + ": train " + split.train().size() + ", val " + split.val().size()
                + ", test " + split.test().size() + " of the " + count(classes.classCount(), "class", "classes") + " of " + found.name()
                + " (seed " + seed + ")");
        return 0;
    }

    /**
     * Returns the {@code expected} comma-separated numbers of {@code value}.
     *
     * @throws ParameterException naming the option and the value when the count or a number is invalid
     */
    private double[] numbers(String option, String value, String description, int expected) {
        String[] parts = value.split(",", -1);
        if (parts.length != expected) {
            throw malformed(option, value, description);
        }
        double[] numbers = new double[expected];
        for (int i = 0; i < expected; i++) {
            try {
                numbers[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw malformed(option, value, description);
            }
        }
        return numbers;
    }

    /** Returns the error for a size option whose {@code value} is not {@code description}, such as "two numbers TRAIN,VAL". */
    private ParameterException malformed(String option, String value, String description) {
        return new ParameterException(spec.commandLine(), option + " needs " + description + ", got '" + value + "'");
    }

    /** Returns the size option as given, such as {@code --counts 194,24,24}. */
    private String sizesOption() {
        return sizes.counts != null ? "--counts " + sizes.counts : "--fractions " + sizes.fractions;
    }

    /** Checks that each part has classes enough for one task of {@code --ways} classes. */
    private void requireEpisodes(ClassSplit split) {
        Map<String, Integer> sizesByPart = new LinkedHashMap<>();
        sizesByPart.put("train", split.train().size());
        sizesByPart.put("val", split.val().size());
        sizesByPart.put("test", split.test().size());
        for (Map.Entry<String, Integer> part : sizesByPart.entrySet()) {
            if (part.getValue() < ways) {
                String classes = count(part.getValue(), "class", "classes");
                throw new ParameterException(spec.commandLine(), sizesOption() + " gives the " + part.getKey() + " part " + classes
                        + ", fewer than the " + ways + " classes of one " + ways + "-way task; give every part at least " + ways
                        + " classes, or lower --ways to the number of classes per task you will train with");
            }
        }
    }
}
