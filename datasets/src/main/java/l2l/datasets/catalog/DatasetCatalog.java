package l2l.datasets.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import l2l.datasets.DatasetException;
import l2l.datasets.ImageFolderDataset;
import l2l.datasets.MiniImageNet;
import l2l.datasets.OmniglotDataset;
import l2l.datasets.OneShotRun;
import l2l.datasets.idx.MnistFolder;

/**
 * The datasets found in an ordered list of folders, such as the folders a user names, the download
 * cache and the bundled data. Earlier folders take precedence: when two folders contain a dataset of
 * the same name, {@link #find} returns the one from the earlier folder.
 *
 * <p>Each folder, and each of its subfolders {@code D}, is recognised by its contents:
 *
 * <ul>
 *   <li>Omniglot archives or unpacked folders named {@code images_background*} give the dataset
 *       {@code <D>}, and {@code images_evaluation*} give {@code <D>-evaluation};
 *   <li>a subfolder {@code one-shot-runs} gives {@code <D>-runs}, and a folder of {@code run*}
 *       folders with {@code class_labels.txt} gives {@code <D>};
 *   <li>{@code train.csv}, {@code val.csv}, {@code test.csv} and {@code images/} give the
 *       miniImageNet dataset {@code <D>};
 *   <li>the four MNIST IDX files give {@code <D>}; so does a folder with some of them, which
 *       then fails to load with a message that names the missing file;
 *   <li>otherwise, subfolders that contain images make {@code <D>} an image-folder dataset.
 * </ul>
 *
 * Finding reads folder listings only; no archive or image is read.
 */
public final class DatasetCatalog {

    /** The subfolder of an Omniglot folder that contains Lake's one-shot runs. */
    public static final String RUNS_FOLDER = "one-shot-runs";

    private final List<FoundDataset> datasets;

    private DatasetCatalog(List<FoundDataset> datasets) {
        this.datasets = List.copyOf(datasets);
    }

    /**
     * Looks for datasets in {@code roots}, in order.
     *
     * @throws DatasetException when a required root is missing or a folder cannot be listed
     */
    public static DatasetCatalog scan(List<DataRoot> roots) throws DatasetException {
        List<FoundDataset> found = new ArrayList<>();
        for (DataRoot root : roots) {
            if (!Files.isDirectory(root.folder())) {
                // A default place may be missing, but a file where a folder belongs is a mistake even there, such as a
                // --cache-dir that names a file.
                if (Files.exists(root.folder())) {
                    throw new DatasetException(root.folder(), "is a file, not a data folder; give the folder that contains the datasets");
                }
                if (root.required()) {
                    throw new DatasetException(root.folder(), "data folder not found; check the path, or leave it out to use the bundled datasets");
                }
                continue;
            }
            List<FoundDataset> inRoot = new ArrayList<>(recognise(root, root.folder(), false));
            Set<Path> claimed = inRoot.stream().map(FoundDataset::location).collect(Collectors.toSet());
            for (Path entry : FoundDataset.list(root.folder())) {
                // A subfolder already found as part of the root, such as its one-shot-runs, is not listed twice.
                if (Files.isDirectory(entry) && !claimed.contains(entry)) {
                    inRoot.addAll(recognise(root, entry, true));
                }
            }
            found.addAll(inRoot);
        }
        return new DatasetCatalog(found);
    }

    /** Returns every dataset found, in folder order. */
    public List<FoundDataset> datasets() {
        return datasets;
    }

    /** Returns the dataset named {@code name} from the earliest folder that has one. */
    public Optional<FoundDataset> find(String name) {
        return datasets.stream().filter(dataset -> dataset.name().equals(name)).findFirst();
    }

    /**
     * Returns the dataset named {@code name} from the earliest folder that has one.
     *
     * @throws DatasetException when no folder has it; the message lists the names found
     */
    public FoundDataset require(String name) throws DatasetException {
        Optional<FoundDataset> dataset = find(name);
        if (dataset.isEmpty()) {
            List<String> names = datasets.stream().map(FoundDataset::name).distinct().collect(Collectors.toList());
            throw new DatasetException("No dataset named '" + name + "'; found " + (names.isEmpty() ? "none" : names)
                    + ". Run 'l2l datasets' to list them, or add a folder with --data-dir");
        }
        return dataset.get();
    }

    /** Returns the datasets that {@code folder} itself is, or contains as Omniglot or one-shot runs. */
    private static List<FoundDataset> recognise(DataRoot root, Path folder, boolean allowImageFolder) throws DatasetException {
        String name = folder.getFileName().toString();
        List<FoundDataset> found = new ArrayList<>();
        List<Path> background = OmniglotDataset.findSources(folder, OmniglotDataset.BACKGROUND);
        if (!background.isEmpty()) {
            found.add(new FoundDataset(name, DatasetKind.OMNIGLOT, root, folder, background));
        }
        List<Path> evaluation = OmniglotDataset.findSources(folder, OmniglotDataset.EVALUATION);
        if (!evaluation.isEmpty()) {
            found.add(new FoundDataset(name + FoundDataset.EVALUATION_SUFFIX, DatasetKind.OMNIGLOT, root, folder, evaluation));
        }
        Path runs = folder.resolve(RUNS_FOLDER);
        if (isRunsFolder(runs)) {
            found.add(new FoundDataset(name + "-runs", DatasetKind.ONE_SHOT_RUNS, root, runs, List.of()));
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (isRunsFolder(folder)) {
            found.add(new FoundDataset(name, DatasetKind.ONE_SHOT_RUNS, root, folder, List.of()));
        } else if (MiniImageNet.isMiniImageNetFolder(folder)) {
            found.add(new FoundDataset(name, DatasetKind.MINI_IMAGENET, root, folder, List.of()));
        } else if (MnistFolder.hasMnistFile(folder)) {
            // An incomplete MNIST folder still shadows later folders, so that loading it names the missing file instead of
            // quietly taking a dataset of the same name from a later folder.
            found.add(new FoundDataset(name, DatasetKind.MNIST, root, folder, List.of()));
        } else if (allowImageFolder && isImageFolder(folder)) {
            found.add(new FoundDataset(name, DatasetKind.IMAGE_FOLDER, root, folder, List.of()));
        }
        return found;
    }

    private static boolean isRunsFolder(Path folder) throws DatasetException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        for (Path entry : FoundDataset.list(folder)) {
            if (entry.getFileName().toString().startsWith("run") && Files.isRegularFile(entry.resolve(OneShotRun.LABELS_FILE))) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether some subfolder of {@code folder} directly contains an image file. */
    private static boolean isImageFolder(Path folder) throws DatasetException {
        for (Path entry : FoundDataset.list(folder)) {
            if (Files.isDirectory(entry)) {
                for (Path file : FoundDataset.list(entry)) {
                    if (Files.isRegularFile(file) && ImageFolderDataset.isImageFile(file)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
