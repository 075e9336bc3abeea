package l2l.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.tensor.Tensor;

/**
 * A dataset in the common folder layout {@code <root>/<class>/<image>}: each subfolder of the root is
 * one class, named after the folder, and contains that class's images.
 *
 * <p>Classes are ordered by folder name and images by file name. Files with the extensions
 * {@code .png}, {@code .jpg}, {@code .jpeg}, {@code .bmp} and {@code .gif} (any case) are images.
 * Hidden files and folders (names starting with a dot) are ignored; other files, and folders nested
 * inside a class folder, are skipped with one log message. Images are decoded on first use with the
 * given {@link ImageSpec}.
 */
public final class ImageFolderDataset implements ClassDataset {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderDataset.class);

    /** File extensions, in lower case, that mark image files. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final Path root;
    private final SourcedImages images;

    private ImageFolderDataset(Path root, SourcedImages images) {
        this.root = root;
        this.images = images;
    }

    /**
     * Lists the classes and images under {@code root}; no image is decoded yet.
     *
     * @throws DatasetException when the root is missing, has no class folders, or a class folder has no images
     */
    public static ImageFolderDataset open(Path root, ImageSpec spec) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, Files.exists(root) ? "not a folder; an image folder dataset is a folder of class folders"
                    : "folder not found");
        }
        List<Path> classFolders = list(root).stream().filter(Files::isDirectory).collect(Collectors.toList());
        if (classFolders.isEmpty()) {
            throw new DatasetException(root, "no class folders; expected the layout <root>/<class>/<image>");
        }

        List<String> names = new ArrayList<>();
        List<List<ImageSource>> sources = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (Path classFolder : classFolders) {
            List<ImageSource> classImages = new ArrayList<>();
            for (Path file : list(classFolder)) {
                if (Files.isRegularFile(file) && isImageFile(file)) {
                    classImages.add(new ImageSource.InFile(file));
                } else {
                    skipped.add(file);
                }
            }
            if (classImages.isEmpty()) {
                throw new DatasetException(classFolder, "class folder has no images (files ending in .png, .jpg, .jpeg, .bmp or .gif); "
                        + "remove the folder or add images");
            }
            names.add(classFolder.getFileName().toString());
            sources.add(classImages);
        }
        if (!skipped.isEmpty()) {
            LOG.info("{}: skipped {} entries that are not image files, for example {}", root, skipped.size(), skipped.get(0));
        }
        return new ImageFolderDataset(root, new SourcedImages("image folder " + root, spec, names, sources));
    }

    /** Returns whether the file name ends with one of {@link #IMAGE_EXTENSIONS}. */
    public static boolean isImageFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Returns the entries of {@code folder} that are not hidden, sorted by name. */
    private static List<Path> list(Path folder) throws DatasetException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> !entry.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(folder, "failed to list the folder: " + e.getMessage(), e);
        }
    }

    /** Returns the root folder. */
    public Path root() {
        return root;
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
}
