package l2l.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import l2l.cli.options.DataLocations;
import l2l.datasets.ClassDataset;
import l2l.datasets.DatasetException;
import l2l.datasets.OneShotRun;
import l2l.datasets.SplitPart;
import l2l.datasets.catalog.DatasetCatalog;
import l2l.datasets.catalog.FoundDataset;
import l2l.datasets.catalog.Selection;

/**
 * The source of the few-shot commands' classes: a dataset found by name in the data folders,
 * split by class, with Omniglot's meta-training characters optionally rotated, at one
 * image size. Stored in a run folder's {@code config.json} under {@code data}.
 *
 * @param dataset the dataset's name, as {@code l2l datasets} lists it, such as {@code omniglot}
 * @param splitFile a class split file, or empty for the split that comes with the dataset
 * @param rotations whether the meta-training classes gain their 90, 180 and 270 degree rotations
 * @param imageSize the side of the decoded images in pixels
 */
record FewshotData(String dataset, Optional<Path> splitFile, boolean rotations, int imageSize) {

    /** The name of Lake's one-shot runs among the bundled datasets. */
    static final String ONE_SHOT_RUNS = "omniglot-runs";

    /** Opens the classes of {@code part}; rotations apply to the meta-training part only. */
    ClassDataset open(DataLocations locations, SplitPart part) throws DatasetException {
        FoundDataset found = locations.requireDataset(dataset);
        return found.classes(new Selection(Optional.of(part), splitFile, rotations, OptionalInt.of(imageSize), OptionalInt.empty()));
    }

    /** Returns the split file in use: the given one, or the dataset's own; empty if it has none. */
    Optional<Path> effectiveSplitFile(DataLocations locations) throws DatasetException {
        if (splitFile.isPresent()) {
            return splitFile;
        }
        return locations.requireDataset(dataset).defaultSplitFile();
    }

    /** Returns Lake's one-shot runs at this image size, or empty when no such dataset is found. */
    Optional<List<OneShotRun>> oneShotRuns(DataLocations locations) throws DatasetException {
        Optional<FoundDataset> found = DatasetCatalog.scan(locations.roots()).find(ONE_SHOT_RUNS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.get().runs(imageSize));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", dataset);
        json.put("split_file", splitFile.map(Path::toString).orElse(null));
        json.put("rotations", rotations);
        json.put("image_size", imageSize);
        return json;
    }

    static FewshotData fromJson(Path file, Map<?, ?> json) throws DatasetException {
        Object dataset = json.get("dataset");
        Object splitFile = json.get("split_file");
        Object rotations = json.get("rotations");
        Object imageSize = json.get("image_size");
        if (!(dataset instanceof String) || !(splitFile == null || splitFile instanceof String) || !(rotations instanceof Boolean)
                || !(imageSize instanceof Long)) {
            throw new DatasetException(file, "the field 'data' must hold the string 'dataset', the string or null 'split_file', "
                    + "the boolean 'rotations' and the whole number 'image_size', found " + json);
        }
        return new FewshotData((String) dataset, Optional.ofNullable((String) splitFile).map(Path::of), (Boolean) rotations,
                ((Long) imageSize).intValue());
    }
}
