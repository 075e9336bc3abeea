package l2l.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * miniImageNet in the split format of Ravi and Larochelle (2017, "Optimization as a model for
 * few-shot learning"): a folder with {@code train.csv}, {@code val.csv} and {@code test.csv} and an
 * {@code images/} folder. Each CSV file starts with the header {@code filename,label} and lists one
 * image per line, such as {@code n0153282900000005.jpg,n01532829}; the file is in {@code images/}.
 * The three files list disjoint classes, so they are the class-level split.
 *
 * <p>Within a part, classes are ordered by label and images by their order in the CSV file. Images
 * (JPEG or PNG) are decoded on first use, by default to RGB of 84x84 pixels, shape
 * {@code [3, 84, 84]}. Opening checks that every listed image exists, so a wrong CSV file fails at
 * once rather than during training.
 */
public final class MiniImageNet {

    /** The header line of every CSV file. */
    public static final String HEADER = "filename,label";

    /** The folder, beside the CSV files, that contains the images. */
    public static final String IMAGES_FOLDER = "images";

    private MiniImageNet() {
    }

    /** Returns the CSV file name of {@code part}: {@code train.csv}, {@code val.csv} or {@code test.csv}. */
    public static String csvFile(SplitPart part) {
        return part.key() + ".csv";
    }

    /** Returns whether {@code folder} has the three CSV files and the images folder. */
    public static boolean isMiniImageNetFolder(Path folder) {
        for (SplitPart part : SplitPart.values()) {
            if (!Files.isRegularFile(folder.resolve(csvFile(part)))) {
                return false;
            }
        }
        return Files.isDirectory(folder.resolve(IMAGES_FOLDER));
    }

    /**
     * Opens the three parts with 84x84 RGB images.
     *
     * @throws DatasetException when a CSV file is missing or invalid, or names a missing image
     */
    public static MetaSplit open(Path folder) throws DatasetException {
        return open(folder, ImageSpec.rgb(ImageSpec.MINI_IMAGENET_SIZE));
    }

    /**
     * Opens the three parts, decoding images with {@code spec}.
     *
     * @throws DatasetException when a CSV file is missing or invalid, or names a missing image
     */
    public static MetaSplit open(Path folder, ImageSpec spec) throws DatasetException {
        return new MetaSplit(openPart(folder, SplitPart.TRAIN, spec), openPart(folder, SplitPart.VAL, spec),
                openPart(folder, SplitPart.TEST, spec));
    }

    /**
     * Opens one part from its CSV file, decoding images with {@code spec}.
     *
     * @throws DatasetException when the CSV file is missing or invalid, or names a missing image;
     *     the message names the file and line
     */
    public static ClassDataset openPart(Path folder, SplitPart part, ImageSpec spec) throws DatasetException {
        Path csv = folder.resolve(csvFile(part));
        Path images = folder.resolve(IMAGES_FOLDER);
        if (!Files.isDirectory(images)) {
            throw new DatasetException(images, "folder not found; miniImageNet keeps its images in " + IMAGES_FOLDER
                    + "/ beside the CSV files");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DatasetException(csv, "CSV file not found; miniImageNet needs train.csv, val.csv and test.csv", e);
        } catch (IOException e) {
            throw new DatasetException(csv, "failed to read the CSV file: " + e.getMessage(), e);
        }
        // A UTF-8 byte order mark, written by some spreadsheet programs, is not part of the header.
        String header = lines.isEmpty() ? "" : lines.get(0).replace("\uFEFF", "").strip();
        if (!header.equals(HEADER)) {
            throw new DatasetException(csv, "line 1: expected the header '" + HEADER + "', found '" + header + "'");
        }

        Map<String, List<ImageSource>> classes = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (int lineIndex = 1; lineIndex < lines.size(); lineIndex++) {
            String line = lines.get(lineIndex).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (lineIndex + 1);
            String[] fields = line.split(",", -1);
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new DatasetException(csv, where + ": expected 'filename,label', found '" + line + "'");
            }
            String fileName = fields[0].strip();
            Path image = images.resolve(fileName);
            if (!Files.isRegularFile(image)) {
                throw new DatasetException(csv, where + ": image " + image + " not found");
            }
            if (!seen.add(fileName)) {
                throw new DatasetException(csv, where + ": image " + fileName + " is listed twice");
            }
            classes.computeIfAbsent(fields[1].strip(), label -> new ArrayList<>()).add(new ImageSource.InFile(image));
        }
        if (classes.isEmpty()) {
            throw new DatasetException(csv, "lists no images after the header");
        }
        String name = "miniImageNet " + part.key() + " (" + folder + ")";
        return new SourcedImages(name, spec, new ArrayList<>(classes.keySet()), new ArrayList<>(classes.values()));
    }
}
