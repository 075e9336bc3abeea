package l2l.datasets;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import l2l.tensor.io.Json;

/**
 * A class-level split: which classes (for Omniglot, characters) are for meta-training, which for
 * meta-validation and which for meta-test. A split is drawn from a seed, written to a file and read
 * back, so that results can be reproduced and compared on the same classes.
 *
 * <p>The file is a JSON object with the arrays {@code train}, {@code val} and {@code test} of class
 * names, and optionally the integer {@code seed} it was drawn with and a {@code description}:
 *
 * <pre>
 * {
 *   "seed": 1234,
 *   "description": "Character-level split of ...",
 *   "train": ["Balinese/character01", ...],
 *   "val": [...],
 *   "test": [...]
 * }
 * </pre>
 *
 * No class may appear twice, within a part or across parts.
 *
 * @param train the meta-training class names
 * @param val the meta-validation class names
 * @param test the meta-test class names
 * @param seed the seed the split was drawn with, when known
 * @param description free text about the split, when given
 */
public record ClassSplit(List<String> train, List<String> val, List<String> test, OptionalLong seed, Optional<String> description) {

    /** The file name of the default Omniglot split bundled in {@code data/omniglot}. */
    public static final String OMNIGLOT_DEFAULT_FILE = "split-242-seed1234.json";

    private static final Set<String> KEYS = Set.of("train", "val", "test", "seed", "description");

    /** Copies the lists and checks that no class appears twice. */
    public ClassSplit {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(description, "description");
        Map<String, SplitPart> seen = new HashMap<>();
        List<List<String>> lists = List.of(train, val, test);
        for (SplitPart part : SplitPart.values()) {
            for (String name : lists.get(part.ordinal())) {
                SplitPart earlier = seen.putIfAbsent(name, part);
                if (earlier != null) {
                    throw new IllegalArgumentException("ClassSplit: class '" + name + "' appears in " + earlier.key()
                            + (earlier == part ? " twice" : " and in " + part.key()));
                }
            }
        }
    }

    /** Returns the class names of {@code part}. */
    public List<String> part(SplitPart part) {
        switch (part) {
            case TRAIN:
                return train;
            case VAL:
                return val;
            case TEST:
                return test;
            default:
                throw new IllegalStateException("ClassSplit: unknown part " + part);
        }
    }

    /**
     * Draws a split of {@code classNames} with the given number of classes per part: a uniform
     * random permutation (Fisher-Yates with {@link Random} seeded by {@code seed}) gives the first
     * {@code trainCount} classes to {@code train}, the next {@code valCount} to {@code val} and the
     * next {@code testCount} to {@code test}, and each part is then sorted by name. The result
     * depends only on the seed and the order of {@code classNames}, on every Java version, because
     * the specification of {@code java.util.Random} fixes its algorithm.
     */
    public static ClassSplit random(List<String> classNames, int trainCount, int valCount, int testCount, long seed) {
        if (trainCount < 0 || valCount < 0 || testCount < 0) {
            throw new IllegalArgumentException("ClassSplit.random: counts must not be negative, got train " + trainCount + ", val "
                    + valCount + ", test " + testCount);
        }
        long total = (long) trainCount + valCount + testCount;
        if (total > classNames.size()) {
            throw new IllegalArgumentException("ClassSplit.random: train " + trainCount + " + val " + valCount + " + test " + testCount
                    + " = " + total + " classes requested but only " + classNames.size() + " given; lower the counts so that they sum "
                    + "to at most " + classNames.size());
        }
        List<String> shuffled = new ArrayList<>(classNames);
        Random random = new Random(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        List<String> train = sorted(shuffled.subList(0, trainCount));
        List<String> val = sorted(shuffled.subList(trainCount, trainCount + valCount));
        List<String> test = sorted(shuffled.subList(trainCount + valCount, (int) total));
        String description = "Random class split of " + classNames.size() + " classes with seed " + seed + ": train " + trainCount
                + ", val " + valCount + ", test " + testCount + ".";
        return new ClassSplit(train, val, test, OptionalLong.of(seed), Optional.of(description));
    }

    /**
     * Draws a split of all of {@code classNames} by fractions: {@code round(trainFraction * n)}
     * classes for {@code train}, {@code round(valFraction * n)} for {@code val} and the rest for
     * {@code test}, in the manner of {@link #random(List, int, int, int, long)}.
     */
    public static ClassSplit randomFractions(List<String> classNames, double trainFraction, double valFraction, long seed) {
        if (!(trainFraction >= 0 && valFraction >= 0 && trainFraction + valFraction <= 1)) {
            throw new IllegalArgumentException("ClassSplit.randomFractions: fractions must be at least 0 and sum to at most 1, got train "
                    + trainFraction + " and val " + valFraction);
        }
        int total = classNames.size();
        int trainCount = (int) Math.round(trainFraction * total);
        int valCount = Math.min((int) Math.round(valFraction * total), total - trainCount);
        return random(classNames, trainCount, valCount, total - trainCount - valCount, seed);
    }

    /**
     * Reads a split file.
     *
     * @throws DatasetException when the file is missing, is not valid JSON, or does not have the layout described above
     */
    public static ClassSplit read(Path file) throws DatasetException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "split file not found; check the path, or write one with 'l2l datasets split'", e);
        } catch (CharacterCodingException e) {
            throw new DatasetException(file, "not a split file: it is not UTF-8 text, and a split file is JSON; write one with "
                    + "'l2l datasets split'", e);
        } catch (IOException e) {
            throw new DatasetException(file, "failed to read the split file: " + e.getMessage(), e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(file, e.getMessage() + "; the file is damaged or was edited, so correct the JSON or write the "
                    + "split again with 'l2l datasets split --dataset NAME --seed SEED --counts TRAIN,VAL,TEST -o " + file + "'", e);
        }
        if (!(parsed instanceof Map)) {
            throw new DatasetException(file, "a split file is a JSON object with the arrays train, val and test");
        }
        Map<?, ?> object = (Map<?, ?>) parsed;
        for (Object key : object.keySet()) {
            if (!KEYS.contains(key)) {
                throw new DatasetException(file, "unknown key '" + key + "'; a split file has the keys train, val and test, "
                        + "and optionally seed and description");
            }
        }

        List<String> train = names(file, object, SplitPart.TRAIN);
        List<String> val = names(file, object, SplitPart.VAL);
        List<String> test = names(file, object, SplitPart.TEST);
        OptionalLong seed = OptionalLong.empty();
        if (object.containsKey("seed")) {
            if (!(object.get("seed") instanceof Long)) {
                throw new DatasetException(file, "seed must be an integer, found " + Json.write(object.get("seed")));
            }
            seed = OptionalLong.of((Long) object.get("seed"));
        }
        Optional<String> description = Optional.empty();
        if (object.containsKey("description")) {
            if (!(object.get("description") instanceof String)) {
                throw new DatasetException(file, "description must be a string, found " + Json.write(object.get("description")));
            }
            description = Optional.of((String) object.get("description"));
        }
        try {
            return new ClassSplit(train, val, test, seed, description);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(file, e.getMessage().replace("ClassSplit: ", ""), e);
        }
    }

    /**
     * Writes this split to {@code file} atomically, in the layout that {@link #read} accepts: two-space
     * indentation and one class name per line.
     *
     * @throws DatasetException when the file cannot be written
     */
    public void write(Path file) throws DatasetException {
        StringBuilder text = new StringBuilder("{\n");
        seed.ifPresent(value -> text.append("  \"seed\": ").append(value).append(",\n"));
        description.ifPresent(value -> text.append("  \"description\": ").append(Json.write(value)).append(",\n"));
        for (SplitPart part : SplitPart.values()) {
            List<String> names = part(part);
            text.append("  \"").append(part.key()).append("\": [");
            for (int i = 0; i < names.size(); i++) {
                text.append(i == 0 ? "\n" : ",\n").append("    ").append(Json.write(names.get(i)));
            }
            text.append(names.isEmpty() ? "]" : "\n  ]").append(part == SplitPart.TEST ? "\n" : ",\n");
        }
        text.append("}\n");
        try {
            AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatasetException(file, "failed to write the split file: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the three parts of {@code dataset}, each with its classes in the order of this split.
     *
     * @throws DatasetException when the split names classes that the dataset does not have; the
     *     message lists up to five of them
     */
    public MetaSplit apply(ClassDataset dataset) throws DatasetException {
        return new MetaSplit(select(dataset, SplitPart.TRAIN), select(dataset, SplitPart.VAL), select(dataset, SplitPart.TEST));
    }

    /**
     * Returns the classes of {@code part} in {@code dataset}, in the order of this split.
     *
     * @throws DatasetException when the part names classes that the dataset does not have; the
     *     message lists up to five of them
     */
    public ClassDataset select(ClassDataset dataset, SplitPart part) throws DatasetException {
        Map<String, Integer> indices = new HashMap<>();
        for (int classIndex = 0; classIndex < dataset.classCount(); classIndex++) {
            indices.put(dataset.className(classIndex), classIndex);
        }
        List<String> names = part(part);
        List<String> missing = new ArrayList<>();
        int[] selected = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Integer classIndex = indices.get(names.get(i));
            if (classIndex == null) {
                missing.add(names.get(i));
            } else {
                selected[i] = classIndex;
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(missing.size() + " of the " + names.size() + " " + part.key() + " classes of the split are not in "
                    + dataset.name() + ", for example " + missing.subList(0, Math.min(5, missing.size()))
                    + "; the dataset has, for example, " + dataset.classNames().subList(0, Math.min(3, dataset.classCount()))
                    + "; use a split file made for this dataset");
        }
        return new ClassSubset(dataset, selected, dataset.name() + " " + part.key());
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        Collections.sort(copy);
        return copy;
    }

    private static List<String> names(Path file, Map<?, ?> object, SplitPart part) throws DatasetException {
        Object value = object.get(part.key());
        if (!(value instanceof List)) {
            throw new DatasetException(file, value == null ? "missing the array " + part.key()
                    : part.key() + " must be an array of class names, found " + Json.write(value));
        }
        List<String> names = new ArrayList<>();
        for (Object element : (List<?>) value) {
            if (!(element instanceof String)) {
                throw new DatasetException(file, part.key() + " must contain only strings, found " + Json.write(element));
            }
            names.add((String) element);
        }
        return names;
    }
}
