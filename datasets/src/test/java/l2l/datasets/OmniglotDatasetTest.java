package l2l.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.Tensor;

class OmniglotDatasetTest {

    private static final Path OMNIGLOT = Fixtures.bundledData().resolve("omniglot");
    private static final Path SMALL1 = OMNIGLOT.resolve("images_background_small1.zip");
    private static final Path SMALL2 = OMNIGLOT.resolve("images_background_small2.zip");

    private static OmniglotDataset bundled;

    @TempDir
    Path folder;

    @BeforeAll
    static void openBundled() throws DatasetException {
        bundled = OmniglotDataset.open(List.of(SMALL1, SMALL2));
    }

    /** Writes a zip archive with the given entries, stored uncompressed so that tests can damage an entry's bytes in place. */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                CRC32 crc = new CRC32();
                crc.update(entry.getValue());
                zipEntry.setMethod(ZipEntry.STORED);
                zipEntry.setSize(entry.getValue().length);
                zipEntry.setCrc(crc.getValue());
                out.putNextEntry(zipEntry);
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return file;
    }

    private static byte[] png(int value) {
        return Fixtures.encode(Fixtures.gray(105, 105, (x, y) -> x < 50 ? value : 255), "png");
    }

    private static void unzip(Path archive, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path file = target.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
            }
        }
    }

    @Test
    void bundledArchivesGive242Characters() {
        assertThat(bundled.classCount()).isEqualTo(242);
        assertThat(bundled.totalImageCount()).isEqualTo(4840);
        assertThat(bundled.duplicateDrawings()).as("Greek and Latin drawings found in both archives").isEqualTo(1000);
        assertThat(bundled.alphabets()).containsExactly("Balinese", "Early_Aramaic", "Greek", "Japanese_(katakana)", "Korean", "Latin",
                "Sanskrit", "Tagalog");
        assertThat(bundled.className(0)).isEqualTo("Balinese/character01");
        assertThat(bundled.className(241)).isEqualTo("Tagalog/character17");
        assertThat(bundled.imageShape()).containsExactly(1, 28, 28);
        for (int classIndex = 0; classIndex < bundled.classCount(); classIndex++) {
            assertThat(bundled.imageCount(classIndex)).as("drawings of %s", bundled.className(classIndex)).isEqualTo(20);
        }
    }

    @Test
    void drawingMatchesIndependentDecoding() throws DatasetException {
        // Expected values from a separate decoder of the PNG (zlib and the PNG filters in Python) and
        // exact-fraction area averaging of Greek/character01/0394_01.png.
        int greek01 = bundled.classNames().indexOf("Greek/character01");

        Tensor drawing = bundled.image(greek01, 0);

        assertThat(Arrays.stream(drawing.toArray()).sum()).isCloseTo(4384.0 / 75, within(1e-9));
        assertThat(drawing.get(0, 4, 16)).isCloseTo(7.0 / 75, within(1e-12));
        assertThat(drawing.get(0, 4, 17)).isCloseTo(35.0 / 75, within(1e-12));
        assertThat(drawing.get(0, 4, 18)).isCloseTo(14.0 / 225, within(1e-12));
        assertThat(drawing.get(0, 17, 10)).isEqualTo(1.0);
        assertThat(drawing.get(0, 0, 0)).isEqualTo(0.0);
    }

    @Test
    void fullSizeDrawingCountsStrokePixels() throws DatasetException {
        OmniglotDataset fullSize = OmniglotDataset.open(List.of(SMALL2), ImageSpec.omniglot(105));
        int greek01 = fullSize.classNames().indexOf("Greek/character01");

        Tensor drawing = fullSize.image(greek01, 0);

        assertThat(drawing.shape()).containsExactly(1, 105, 105);
        assertThat(Arrays.stream(drawing.toArray()).sum()).isEqualTo(822.0);
    }

    @Test
    void unpackedFolderMatchesArchive() throws IOException, DatasetException {
        Path unpacked = folder.resolve("unpacked");
        unzip(SMALL1, unpacked);

        OmniglotDataset fromFolder = OmniglotDataset.open(List.of(unpacked, SMALL2));

        assertThat(fromFolder.classNames()).isEqualTo(bundled.classNames());
        assertThat(fromFolder.duplicateDrawings()).isEqualTo(1000);
        assertThat(fromFolder.image(0, 3)).isEqualTo(bundled.image(0, 3));
        assertThat(fromFolder.image(241, 19)).isEqualTo(bundled.image(241, 19));
    }

    @Test
    void findSourcesMatchesByPrefix() throws DatasetException {
        assertThat(OmniglotDataset.findSources(OMNIGLOT, OmniglotDataset.BACKGROUND)).containsExactly(SMALL1, SMALL2);
        assertThat(OmniglotDataset.findSources(OMNIGLOT, OmniglotDataset.EVALUATION)).isEmpty();
    }

    @Test
    void truncatedArchiveIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(SMALL1);
        Path truncated = Fixtures.write(folder.resolve("images_background_small1.zip"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> OmniglotDataset.open(List.of(truncated)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(truncated + ": not a readable zip archive")
                .hasMessageEndingWith("the file is truncated or corrupt, download it again");
    }

    @Test
    void corruptEntryIsRejected() throws IOException {
        byte[] drawing = png(0);
        Path archive = zip(folder.resolve("damaged.zip"), Map.of("set/Alpha/character01/01.png", drawing));
        byte[] bytes = Files.readAllBytes(archive);
        int start = indexOf(bytes, drawing);
        bytes[start + drawing.length / 2] ^= 0x55;
        Files.write(archive, bytes);

        assertThatThrownBy(() -> OmniglotDataset.open(List.of(archive)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(archive + ": entry set/Alpha/character01/01.png is corrupt");
    }

    @Test
    void conflictingDuplicateIsRejected() throws IOException {
        Path first = zip(folder.resolve("first.zip"), Map.of("set/Alpha/character01/01.png", png(0)));
        Path second = zip(folder.resolve("second.zip"), Map.of("set/Alpha/character01/01.png", png(100)));

        assertThatThrownBy(() -> OmniglotDataset.open(List.of(first, second)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(second + ": contains Alpha/character01/01.png with other contents than " + first
                        + "; open only one of the two sources");
    }

    @Test
    void entryOutsideLayoutIsRejected() throws IOException {
        Path archive = zip(folder.resolve("flat.zip"), Map.of("set/01.png", png(0)));

        assertThatThrownBy(() -> OmniglotDataset.open(List.of(archive)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(archive + ": entry set/01.png is outside the Omniglot layout <alphabet>/<character>/<drawing>.png");
    }

    @Test
    void undecodableDrawingIsNamedOnUse() throws IOException, DatasetException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("set/Alpha/character01/01.png", png(0));
        entries.put("set/Alpha/character01/02.png", "not a png".getBytes());
        entries.put("set/Alpha/notes.txt", "skipped".getBytes());
        Path archive = zip(folder.resolve("set.zip"), entries);
        OmniglotDataset dataset = OmniglotDataset.open(List.of(archive));

        assertThat(dataset.imageCount(0)).isEqualTo(2);
        assertThat(dataset.image(0, 0).get(0, 0, 0)).isEqualTo(1.0);
        assertThatThrownBy(() -> dataset.image(0, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(archive + "!/set/Alpha/character01/02.png: not an image");
    }

    @Test
    void missingSourceIsRejected() {
        Path missing = folder.resolve("images_background.zip");

        assertThatThrownBy(() -> OmniglotDataset.open(List.of(missing)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(missing + ": Omniglot source not found");
    }

    @Test
    void splitRotatesOnlyMetaTraining() throws DatasetException {
        ClassSplit split = ClassSplit.read(OMNIGLOT.resolve(ClassSplit.OMNIGLOT_DEFAULT_FILE));

        MetaSplit rotated = bundled.split(split);
        MetaSplit plain = bundled.split(split, false);

        assertThat(rotated.train().classCount()).isEqualTo(4 * 194);
        assertThat(rotated.train().className(1)).isEqualTo(split.train().get(0) + "+rot90");
        assertThat(rotated.val().classNames()).isEqualTo(split.val());
        assertThat(rotated.test().classNames()).isEqualTo(split.test());
        assertThat(plain.train().classNames()).isEqualTo(split.train());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("needle not found");
    }
}
