package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path folder;

    @Test
    void writeReplacesContentsAndLeavesNoTemporaryFile() throws IOException {
        Path file = folder.resolve("results.json");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));

        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("new");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writeRejectsFolderTargetAndKeepsIt() throws IOException {
        Path target = Files.createDirectory(folder.resolve("out"));

        assertThatThrownBy(() -> AtomicFiles.write(target, new byte[] {1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("is a folder");
        assertThat(Files.isDirectory(target)).isTrue();
    }

    @Test
    void writeRejectsPathBelowRegularFile() throws IOException {
        Path file = Files.writeString(folder.resolve("notes.txt"), "keep");

        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("results.json"), new byte[] {1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file + " is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    @Test
    void writeCreatesMissingFolders() throws IOException {
        Path file = folder.resolve("run/compare/results.json");

        AtomicFiles.write(file, new byte[] {1, 2, 3});

        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }

    @Test
    void writtenFileHasDefaultPermissions() throws IOException {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "the file system has no POSIX permissions");
        Path reference = Files.createFile(folder.resolve("reference"));
        Path file = folder.resolve("results.json");

        AtomicFiles.write(file, new byte[] {1});

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void targetInUnwritableFolderRejectedBeforeWork() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "no Linux /proc file system");
        Path target = proc.resolve("l2l-results.json");

        assertThatThrownBy(() -> AtomicFiles.requireFileTarget(target))
                .isInstanceOf(OutputPathException.class)
                .hasMessageStartingWith("cannot write " + target + ": files cannot be created in " + proc + " (")
                .hasMessageEndingWith("); choose a writable folder");
        assertThat(target).doesNotExist();
    }

    @Test
    void requireFileTargetLeavesNoProbeFile() throws IOException {
        AtomicFiles.requireFileTarget(folder.resolve("new/run/results.json"));

        try (var files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }
}
