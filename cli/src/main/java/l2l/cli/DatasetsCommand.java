package l2l.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.DatasetException;
import l2l.datasets.catalog.DataRoot;
import l2l.datasets.catalog.DatasetCatalog;
import l2l.datasets.catalog.FoundDataset;
import l2l.datasets.catalog.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code l2l datasets}: lists the datasets found, with their class and image counts. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Lists the datasets found in the --data-dir folders, the download cache, the bundled data and "
                + "/usr/share/datasets, with their class and image counts. When two folders have a dataset of the same name, "
                + "the earlier one is used. Exits with status 1 when a dataset is invalid.",
        subcommands = {DatasetsShowCommand.class, DatasetsDownloadCommand.class, DatasetsSplitCommand.class})
final class DatasetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Inject
    DatasetsCommand() {
    }

    @Override
    public Integer call() throws DatasetException {
        PrintWriter out = spec.commandLine().getOut();
        List<DataRoot> roots = locations.roots();
        DatasetCatalog catalog = DatasetCatalog.scan(roots);
        if (catalog.datasets().isEmpty()) {
            out.println("No datasets found. Searched:");
            for (DataRoot root : roots) {
                out.println("  " + root.origin() + ": " + root.folder());
            }
            out.println("Add a folder with --data-dir, or download Omniglot with 'l2l datasets download'.");
            return 0;
        }

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "KIND", "ORIGIN", "CLASSES", "IMAGES", "DETAIL", "LOCATION"});
        int invalid = 0;
        for (FoundDataset dataset : catalog.datasets()) {
            String location = dataset.location().toString();
            try {
                Summary summary = dataset.summarize();
                rows.add(new String[] {dataset.name(), dataset.kind().label(), dataset.root().origin(), Long.toString(summary.classes()),
                    Long.toString(summary.images()), summary.detail(), location});
            } catch (DatasetException e) {
                invalid++;
                rows.add(new String[] {dataset.name(), dataset.kind().label(), dataset.root().origin(), "-", "-", "invalid: " + e.getMessage(),
                    location});
            }
        }
        printTable(out, rows);
        if (invalid > 0) {
            String verb = invalid == 1 ? " is" : " are";
            spec.commandLine().getErr().println("l2l: " + invalid + " of " + catalog.datasets().size() + " datasets" + verb
                    + " invalid; see DETAIL");
            return 1;
        }
        return 0;
    }

    /** Prints rows as columns separated by two spaces; numbers (columns 3 and 4) are right-aligned. */
    private static void printTable(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int column = 0; column < columns; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < columns; column++) {
                boolean number = column == 3 || column == 4;
                String format = "%" + (number ? "" : "-") + widths[column] + "s";
                line.append(column == 0 ? "" : "  ").append(column == columns - 1 ? row[column] : String.format(format, row[column]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
