package l2l.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.tensor.Tensor;

/**
 * Omniglot (Lake, Salakhutdinov and Tenenbaum, "Human-level concept learning through probabilistic
 * program induction", Science 2015) in its published layout: drawings
 * {@code <alphabet>/<character>/<drawing>.png}, read from the zip archives as published (such as
 * {@code images_background.zip}) or from unpacked folders.
 *
 * <p>Every character is one class, named {@code <alphabet>/<character>} (for example
 * {@code Greek/character01}). Several sources combine into one class list, ordered by name, with
 * each class's drawings ordered by file name. A drawing found in two sources under the same
 * alphabet, character and file name counts once when both copies have the same bytes. Greek and
 * Latin are such duplicates in the two small background archives. Copies with different bytes are
 * an error.
 *
 * <p>Archives are read into memory whole when the dataset opens, so a truncated or corrupt archive
 * fails at once; drawings in unpacked folders are read on first use. Each drawing is decoded with
 * an {@link ImageSpec}, by default {@link ImageSpec#omniglot(int) ImageSpec.omniglot(28)}: strokes
 * become 1.0 and the background 0.0, resized from 105x105 to 28x28 by area averaging, shape
 * {@code [1, 28, 28]}.
 */
public final class OmniglotDataset implements ClassDataset {

    private static final Logger LOG = LoggerFactory.getLogger(OmniglotDataset.class);

    /** The published archive of the background set (30 alphabets, 964 characters), the usual meta-training source. */
    public static final String BACKGROUND = "images_background";

    /** The published archive of the evaluation set (20 alphabets, 659 characters). */
    public static final String EVALUATION = "images_evaluation";

    private final List<Path> sources;
    private final SourcedImages images;
    private final int duplicateDrawings;

    private OmniglotDataset(List<Path> sources, SourcedImages images, int duplicateDrawings) {
        this.sources = List.copyOf(sources);
        this.images = images;
        this.duplicateDrawings = duplicateDrawings;
    }

    /**
     * Opens Omniglot from zip archives or unpacked folders with 28x28 images.
     *
     * @throws DatasetException when a source is missing, an archive is truncated or corrupt, an entry
     *     is outside the layout, or two sources disagree on one drawing
     */
    public static OmniglotDataset open(List<Path> sources) throws DatasetException {
        return open(sources, ImageSpec.omniglot(ImageSpec.OMNIGLOT_SIZE));
    }

    /**
     * Opens Omniglot from zip archives or unpacked folders, decoding drawings with {@code spec}.
     *
     * @throws DatasetException when a source is missing, an archive is truncated or corrupt, an entry
     *     is outside the layout, or two sources disagree on one drawing
     */
    public static OmniglotDataset open(List<Path> sources, ImageSpec spec) throws DatasetException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("OmniglotDataset.open: no sources given");
        }
        Map<String, TreeMap<String, Drawing>> characters = new TreeMap<>();
        int duplicates = 0;
        for (Path source : sources) {
            for (Drawing drawing : read(source)) {
                TreeMap<String, Drawing> drawings = characters.computeIfAbsent(drawing.character(), name -> new TreeMap<>());
                Drawing earlier = drawings.putIfAbsent(drawing.fileName(), drawing);
                if (earlier != null) {
                    checkSameBytes(earlier, drawing);
                    duplicates++;
                }
            }
        }
        if (characters.isEmpty()) {
            throw new DatasetException(sources.get(0), "no Omniglot drawings found in " + sources
                    + "; expected PNG files in the layout <alphabet>/<character>/<drawing>.png");
        }

        List<String> names = new ArrayList<>(characters.keySet());
        List<List<ImageSource>> drawingSources = new ArrayList<>();
        for (TreeMap<String, Drawing> drawings : characters.values()) {
            drawingSources.add(drawings.values().stream().map(Drawing::source).collect(Collectors.toList()));
        }
        String name = "omniglot (" + sources.stream().map(path -> path.getFileName().toString()).collect(Collectors.joining(", ")) + ")";
        OmniglotDataset dataset = new OmniglotDataset(sources, new SourcedImages(name, spec, names, drawingSources), duplicates);
        LOG.debug("Opened {}: {} characters, {} drawings, {} duplicate drawings counted once", name, names.size(),
                dataset.totalImageCount(), duplicates);
        return dataset;
    }

    /**
     * Returns the archives and folders in {@code folder} whose names start with {@code prefix} (such
     * as {@link #BACKGROUND}, which matches {@code images_background.zip} and
     * {@code images_background_small1.zip}), sorted by name: files ending in {@code .zip} and folders.
     *
     * @throws DatasetException when the folder cannot be listed
     */
    public static List<Path> findSources(Path folder, String prefix) throws DatasetException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(prefix))
                    .filter(entry -> Files.isDirectory(entry) || entry.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(folder, "failed to list the folder: " + e.getMessage(), e);
        }
    }

    /** Returns the archives and folders this dataset was opened from. */
    public List<Path> sources() {
        return sources;
    }

    /** Returns how many drawings appeared in more than one source with identical bytes and were counted once. */
    public int duplicateDrawings() {
        return duplicateDrawings;
    }

    /** Returns the distinct alphabet names, sorted. */
    public List<String> alphabets() {
        TreeSet<String> alphabets = new TreeSet<>();
        for (String name : images.classNames()) {
            alphabets.add(name.substring(0, name.indexOf('/')));
        }
        return List.copyOf(alphabets);
    }

    /**
     * Splits the characters with {@code split} and adds the rotations by 90, 180 and 270 degrees of
     * every meta-training character as new classes, the augmentation commonly used for Omniglot.
     *
     * @throws DatasetException when the split names characters that this dataset does not have
     */
    public MetaSplit split(ClassSplit split) throws DatasetException {
        return split(split, true);
    }

    /**
     * Splits the characters with {@code split}; when {@code rotateTrain} is set, the meta-training
     * part gains the rotations by 90, 180 and 270 degrees of each character as new classes (see
     * {@link RotatedDataset}). Meta-validation and meta-test are never rotated.
     *
     * @throws DatasetException when the split names characters that this dataset does not have
     */
    public MetaSplit split(ClassSplit split, boolean rotateTrain) throws DatasetException {
        MetaSplit parts = split.apply(this);
        if (!rotateTrain) {
            return parts;
        }
        return new MetaSplit(RotatedDataset.of(parts.train()), parts.val(), parts.test());
    }

    @Override
    public String name() {
        return images.name();
    }

    @Override
    public int classCount() {
        return images.classCount();
    }

    @Override
    public String className(int classIndex) {
        return images.className(classIndex);
    }

    @Override
    public int imageCount(int classIndex) {
        return images.imageCount(classIndex);
    }

    @Override
    public int[] imageShape() {
        return images.imageShape();
    }

    @Override
    public List<String> classNames() {
        return images.classNames();
    }

    @Override
    public Tensor image(int classIndex, int imageIndex) throws DatasetException {
        return images.image(classIndex, imageIndex);
    }

    /** One drawing: its character {@code alphabet/character}, its file name and where its bytes are. */
    private record Drawing(String character, String fileName, ImageSource source, Path origin) {
    }

    private static void checkSameBytes(Drawing earlier, Drawing later) throws DatasetException {
        if (!Arrays.equals(earlier.source().read(), later.source().read())) {
            throw new DatasetException(later.origin(), "contains " + later.character() + "/" + later.fileName()
                    + " with other contents than " + earlier.origin() + "; open only one of the two sources");
        }
    }

    private static List<Drawing> read(Path source) throws DatasetException {
        if (Files.isDirectory(source)) {
            return readFolder(source);
        }
        if (!Files.exists(source)) {
            throw new DatasetException(source, "Omniglot source not found; expected a zip archive such as images_background.zip "
                    + "or an unpacked folder");
        }
        return readArchive(source);
    }

    private static List<Drawing> readArchive(Path archive) throws DatasetException {
        List<Drawing> drawings = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String[] parts = layoutParts(entry.getName());
                if (entry.isDirectory() || parts == null) {
                    continue;
                }
                if (parts.length < 3) {
                    throw new DatasetException(archive, "entry " + entry.getName()
                            + " is outside the Omniglot layout <alphabet>/<character>/<drawing>.png");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new DatasetException(archive, "entry " + entry.getName() + " is corrupt (" + e.getMessage()
                            + "); download the archive again", e);
                }
                checkCrc(archive, entry, bytes);
                String description = archive + "!/" + entry.getName();
                drawings.add(drawing(parts, new ImageSource.InMemory(description, bytes), archive));
            }
        } catch (ZipException e) {
            throw new DatasetException(archive, "not a readable zip archive (" + e.getMessage()
                    + "); the file is truncated or corrupt, download it again", e);
        } catch (IOException e) {
            throw new DatasetException(archive, "failed to read the archive: " + e.getMessage(), e);
        }
        return drawings;
    }

    /** Checks an entry's CRC-32, which {@link ZipFile} does not verify when it reads an entry. */
    private static void checkCrc(Path archive, ZipEntry entry, byte[] bytes) throws DatasetException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new DatasetException(archive, "entry " + entry.getName() + " is corrupt (CRC-32 " + String.format("%08x", crc.getValue())
                    + ", but the archive records " + String.format("%08x", entry.getCrc()) + "); download the archive again");
        }
    }

    private static List<Drawing> readFolder(Path folder) throws DatasetException {
        List<Drawing> drawings = new ArrayList<>();
        // Depth 4 covers both <alphabet>/<character>/<drawing> and <subset>/<alphabet>/<character>/<drawing>.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder, 4)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(folder, "failed to list the folder: " + e.getMessage(), e);
        }
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            String[] parts = layoutParts(relative);
            if (parts == null) {
                continue;
            }
            if (parts.length < 3) {
                throw new DatasetException(file, "outside the Omniglot layout <alphabet>/<character>/<drawing>.png under " + folder);
            }
            drawings.add(drawing(parts, new ImageSource.InFile(file), folder));
        }
        return drawings;
    }

    /**
     * Returns the path components of a PNG drawing, or null for an entry to skip: anything not
     * ending in {@code .png}, and hidden or {@code __MACOSX} entries that archiving tools add.
     */
    private static String[] layoutParts(String path) {
        String[] parts = path.split("/");
        for (String part : parts) {
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return null;
            }
        }
        return path.toLowerCase(Locale.ROOT).endsWith(".png") ? parts : null;
    }

    private static Drawing drawing(String[] parts, ImageSource source, Path origin) {
        int last = parts.length - 1;
        return new Drawing(parts[last - 2] + "/" + parts[last - 1], parts[last], source, origin);
    }
}
