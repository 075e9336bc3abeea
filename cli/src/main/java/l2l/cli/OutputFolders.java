package l2l.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import l2l.datasets.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The check of an option that names a folder for a command's output, such as {@code --out} or {@code --run-dir}. */
final class OutputFolders {

    private OutputFolders() {
    }

    /**
     * Checks that {@code folder} is a folder or can be created as one: its path is not empty,
     * neither it nor any of its parents is an existing file, and files can be created in the nearest existing folder. Commands call it before any work starts, so that a mistyped path fails
     * at once and not after minutes of training.
     *
     * @throws ParameterException naming the option and the empty path or the file in the way, and
     *     asking for a folder
     */
    static void requireFolder(CommandLine commandLine, String option, Path folder) {
        if (folder.toString().isBlank()) {
            throw new ParameterException(commandLine, option + " is empty; give the folder that receives the output, such as "
                    + option + " runs/first");
        }
        Path absolute = folder.toAbsolutePath();
        for (Path path = absolute; path != null; path = path.getParent()) {
            if (Files.isDirectory(path)) {
                try {
                    AtomicFiles.probeFolder(path);
                } catch (IOException e) {
                    throw new ParameterException(commandLine, option + " " + folder + ": files cannot be created in " + path + " ("
                            + AtomicFiles.reason(e) + "); choose a writable folder");
                }
                return;
            }
            if (Files.exists(path)) {
                String where = path.equals(absolute) ? option + " " + folder + " is a file"
                        : option + " " + folder + " is inside " + path + ", which is a file";
                throw new ParameterException(commandLine, where + ", not a folder; choose a folder, which is created if missing");
            }
        }
    }
}
