package l2l.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.DatasetException;
import l2l.datasets.download.Downloader;
import l2l.datasets.download.OmniglotArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l datasets download}: fetches the full Omniglot archives into the cache folder. */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Downloads the full Omniglot archives from their published address (GitHub, brendenlake/omniglot) into "
                + "<cache>/omniglot, checks their MD5 sums, and resumes a download that broke off. Archives already in place and "
                + "verified are not downloaded again. Afterwards 'l2l datasets' lists them as omniglot (background) and "
                + "omniglot-evaluation.")
final class DatasetsDownloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Parameters(paramLabel = "ARCHIVE", arity = "0..*",
            description = "background, evaluation or all (default: background, the 964 characters usually used for meta-training).")
    List<String> archives = new ArrayList<>();

    @Option(names = "--from", paramLabel = "URL",
            description = "The http or https URL of the folder to download from, for mirrors with the same file names "
                    + "(default: https://github.com/brendenlake/omniglot/raw/master/python/).")
    URI from;

    @Inject
    DatasetsDownloadCommand() {
    }

    @Override
    public Integer call() throws DatasetException {
        Set<OmniglotArchive> chosen = EnumSet.noneOf(OmniglotArchive.class);
        for (String archive : archives.isEmpty() ? List.of("background") : archives) {
            switch (archive.toLowerCase(Locale.ROOT)) {
                case "background":
                    chosen.add(OmniglotArchive.BACKGROUND);
                    break;
                case "evaluation":
                    chosen.add(OmniglotArchive.EVALUATION);
                    break;
                case "all":
                    chosen.addAll(EnumSet.allOf(OmniglotArchive.class));
                    break;
                default:
                    throw new ParameterException(spec.commandLine(), "Invalid archive '" + archive + "'; expected background, evaluation or all");
            }
        }

        URI folder = from == null ? OmniglotArchive.PUBLISHED_FOLDER : requireHttpFolder(from);
        Downloader downloader = Downloader.withDefaults();
        for (OmniglotArchive archive : chosen) {
            Path path = archive.download(downloader, folder, locations.cacheFolder());
            spec.commandLine().getOut().println(archive.fileName() + ": " + path + " (" + archive.checksum() + " verified)");
        }
        return 0;
    }

    /** Checks that appending an archive's file name to {@code folder} gives an http or https URL, and returns the folder. */
    private URI requireHttpFolder(URI folder) {
        if (!Downloader.isHttpUrl(folder)) {
            throw new ParameterException(spec.commandLine(), "--from must be an http or https URL of the folder that contains the "
                    + "archives, such as " + OmniglotArchive.PUBLISHED_FOLDER + ", got '" + folder + "'");
        }
        if (folder.getPort() > 65535) {
            throw new ParameterException(spec.commandLine(), "--from must name a port from 1 to 65535, or none, such as "
                    + "http://127.0.0.1:8000/omniglot/, got '" + folder + "'");
        }
        if (folder.getRawQuery() != null || folder.getRawFragment() != null) {
            // The archive's file name is appended to the URL as text, so it would land in the query or fragment.
            throw new ParameterException(spec.commandLine(), "--from must be the URL of a folder, without a query (?) or fragment (#), "
                    + "got '" + folder + "'");
        }
        return folder;
    }
}
