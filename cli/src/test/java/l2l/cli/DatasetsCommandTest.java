package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.datasets.ClassSplit;
import l2l.datasets.DatasetException;

/** Runs the {@code datasets} commands on the bundled data, which the build passes as {@code l2l.data.home}. */
class DatasetsCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Runs {@code l2l datasets <args>} with an empty cache in the temporary folder, so a user's cache cannot change the result. */
    private int datasets(String... args) {
        List<String> full = new ArrayList<>(List.of("datasets"));
        full.addAll(List.of(args));
        full.add("--cache-dir");
        full.add(folder.resolve("cache").toString());
        return run(full.toArray(String[]::new));
    }

    /** Returns the height of a PNG image from its IHDR chunk, which starts every PNG file after the 8-byte signature. */
    private static int pngHeight(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOfRange(bytes, 1, 4)).as("PNG signature").isEqualTo("PNG".getBytes());
        assertThat(new String(bytes, 12, 4)).as("first chunk").isEqualTo("IHDR");
        return ByteBuffer.wrap(bytes, 20, 4).getInt();
    }

    @Test
    void listShowsBundledDatasets() {
        int status = datasets();

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        String listing = out.toString();
        assertThat(listing).startsWith("NAME ");
        assertThat(listing.lines().filter(line -> line.startsWith("omniglot ")).findFirst()).hasValueSatisfying(line ->
                assertThat(line.split("\\s{2,}")).contains("Omniglot", "bundled", "242", "4840", "8 alphabets"));
        assertThat(listing).contains("omniglot-runs").contains("10 runs of 20-way one-shot");
        assertThat(listing).contains("mnist-10k").contains("train 8000, test 2000");
    }

    @Test
    void listMarksInvalidDataset() throws IOException {
        byte[] archive = Files.readAllBytes(Path.of(System.getProperty("l2l.data.home"), "omniglot", "images_background_small1.zip"));
        Path broken = folder.resolve("mine/omniglot/images_background_small1.zip");
        Files.createDirectories(broken.getParent());
        Files.write(broken, Arrays.copyOf(archive, 1000));

        int status = datasets("--data-dir", folder.resolve("mine").toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("invalid: " + broken + ": not a readable zip archive");
        assertThat(err.toString()).contains("l2l: 1 of ").contains(" datasets is invalid; see DETAIL");
    }

    @Test
    void listMarksTruncatedMnist() throws IOException {
        Path bundled = Path.of(System.getProperty("l2l.data.home"), "mnist-10k");
        Path copy = Files.createDirectories(folder.resolve("mine/mnist-cut"));
        for (String file : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(bundled.resolve(file), copy.resolve(file));
        }
        byte[] images = Files.readAllBytes(bundled.resolve("train-images-idx3-ubyte.gz"));
        Files.write(copy.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(images, images.length / 2));

        int status = datasets("--data-dir", folder.resolve("mine").toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString().lines().filter(line -> line.startsWith("mnist-cut ")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains("invalid: " + copy.resolve("train-images-idx3-ubyte.gz")));
    }

    @Test
    void corruptMnistLabelIsReported() throws IOException {
        Path bundled = Path.of(System.getProperty("l2l.data.home"), "mnist-10k");
        Path copy = Files.createDirectories(folder.resolve("mine/mnist-bad"));
        for (String file : List.of("train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(bundled.resolve(file), copy.resolve(file));
        }
        Path labels = copy.resolve("train-labels-idx1-ubyte.gz");
        byte[] idx;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bundled.resolve("train-labels-idx1-ubyte.gz")))) {
            idx = in.readAllBytes();
        }
        // The 8-byte header (magic number and count) comes first, so label 5 is byte 13.
        idx[8 + 5] = 42;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(labels))) {
            out.write(idx);
        }
        String expected = labels + ": label 42 at index 5 (counting from 0) is outside 0 to 9, the 10 classes of MNIST and "
                + "Fashion-MNIST; the file is corrupt, so extract or download it again";

        int listStatus = datasets("--data-dir", folder.resolve("mine").toString());
        String listing = out.toString();
        String listError = err.toString();
        err.getBuffer().setLength(0);
        int showStatus = datasets("show", "--data-dir", folder.resolve("mine").toString(), "--dataset", "mnist-bad", "-o",
                folder.resolve("x.png").toString());

        assertThat(listStatus).isEqualTo(1);
        assertThat(listing.lines().filter(line -> line.startsWith("mnist-bad ")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains("invalid: " + expected));
        assertThat(listError).contains("l2l: 1 of ").contains(" datasets is invalid; see DETAIL");
        assertThat(showStatus).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("l2l: " + expected + System.lineSeparator());
        assertThat(folder.resolve("x.png")).doesNotExist();
    }

    @Test
    void showWritesEpisodePng() throws IOException {
        Path png = folder.resolve("episode.png");

        int status = datasets("show", "--seed", "3", "--output", png.toString());

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("Wrote " + png + ": omniglot train: 5-way 1-shot, 5 queries, seed 3");
        // Five rows of 28x28 images drawn at scale 3, under a title and a header.
        assertThat(pngHeight(png)).isEqualTo(12 + 14 + 12 + 14 + 6 + 5 * (84 + 6) - 6 + 12);
    }

    @Test
    void showUnwritableFileNamedOnce() {
        // Files cannot be created in /proc, though the folder exists and passes the folder checks.
        String png = "/proc/l2l-episode.png";

        int status = datasets("show", "--seed", "3", "-o", png);

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains(png + ": failed to write the PNG file: ");
        assertThat(err.toString()).endsWith("; choose a writable path with -o" + System.lineSeparator());
        assertThat(err.toString().split(java.util.regex.Pattern.quote(png), -1)).hasSize(2);
    }

    @Test
    void showRejectsScaleBeyondJavaArray() {
        Path png = folder.resolve("x.png");

        int status = datasets("show", "--scale", "100000", "-o", png.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("The picture is too large to render with --scale 100000: the picture would be ")
                .contains(" pixels, more than the maximum Java array length of 2147483639; lower --scale")
                .doesNotContain("\tat ");
        assertThat(png).doesNotExist();
    }

    @Test
    void showRejectsNameWithoutPngExtension() {
        Path jpg = folder.resolve("r.jpg");

        int status = datasets("show", "-o", jpg.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--output " + jpg + ": the picture is written as PNG; give a file name ending in .png");
        assertThat(jpg).doesNotExist();
    }

    @Test
    void showRejectsPictureBeyondHeap() {
        // At scale 250 the default episode's picture is 42566 x 35094 pixels, whose two int buffers need about 11.1 GiB.
        assumeTrue(Runtime.getRuntime().maxMemory() < 8L * 42566 * 35094, "the heap holds the picture");
        Path png = folder.resolve("x.png");

        int status = datasets("show", "--scale", "250", "-o", png.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("The picture is too large to render with --scale 250: the picture would be 42566 x 35094 ")
                .contains(" MiB, more than the Java heap's maximum of ")
                .contains("; lower --scale")
                .doesNotContain("\tat ");
        assertThat(png).doesNotExist();
    }

    @Test
    void showRejectsImageSizeBeyondJavaArray() {
        Path png = folder.resolve("x.png");

        int status = datasets("show", "--image-size", "100000", "-o", png.toString());
        String sampled = err.toString();
        err.getBuffer().setLength(0);
        int runStatus = datasets("show", "--dataset", "omniglot-runs", "--image-size", "12000", "-o", png.toString());

        assertThat(status).isEqualTo(2);
        assertThat(sampled).startsWith("The episode is too large to build with --image-size 100000: Shape [1, 100000, 100000] has more "
                + "than 2147483639 elements, the most one Java array holds; lower --image-size, --ways, --shots or --queries")
                .doesNotContain("\tat ");
        assertThat(runStatus).isEqualTo(2);
        assertThat(err.toString()).startsWith("The episode is too large to build with --image-size 12000: Shape [20, 1, 12000, 12000] "
                + "has more than 2147483639 elements, the most one Java array holds; lower --image-size" + System.lineSeparator());
        assertThat(png).doesNotExist();
    }

    @Test
    void showPictureTooLargeNamesBothOptions() {
        int status = datasets("show", "--image-size", "200", "--scale", "100", "-o", folder.resolve("x.png").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("The picture is too large to render with --scale 100 and --image-size 200: the picture "
                + "would be ").contains("; lower --scale or --image-size");
    }

    @Test
    void showSameSeedGivesSamePicture() throws IOException {
        Path first = folder.resolve("first.png");
        Path second = folder.resolve("second.png");

        datasets("show", "--split", "val", "--shots", "2", "--seed", "8", "-o", first.toString());
        datasets("show", "--split", "val", "--shots", "2", "--seed", "8", "-o", second.toString());

        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void showDrawsOneShotRun() throws IOException {
        Path png = folder.resolve("run.png");

        int status = datasets("show", "--dataset", "omniglot-runs", "--run", "2", "-o", png.toString());

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("omniglot-runs run02: 20-way 1-shot, 1 query").contains("run02/class20");
        assertThat(pngHeight(png)).isEqualTo(12 + 14 + 12 + 14 + 6 + 20 * (84 + 6) - 6 + 12);
    }

    @Test
    void showAcceptsMnistAliasAndSplitRejectsIt() throws IOException {
        Path png = folder.resolve("mnist.png");
        Path split = folder.resolve("mnist-split.json");

        int showStatus = datasets("show", "--dataset", "mnist", "--ways", "3", "-o", png.toString());
        int splitStatus = datasets("split", "--dataset", "mnist", "--counts", "6,2,2", "--ways", "2", "--seed", "1", "-o",
                split.toString());

        assertThat(showStatus).as("exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("Wrote " + png + ": mnist-10k ");
        assertThat(pngHeight(png)).isPositive();
        assertThat(splitStatus).isEqualTo(2);
        assertThat(err.toString()).startsWith("--dataset mnist: mnist-10k (MNIST-style) comes in fixed parts, so no command applies a "
                + "split file to it; split a dataset of classes, such as omniglot or a folder of class folders");
        assertThat(split).doesNotExist();
    }

    @Test
    void tooManyWaysIsReportedWithoutStackTrace() {
        int status = datasets("show", "--split", "test", "--ways", "30", "-o", folder.resolve("x.png").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: omniglot (images_background_small1.zip, images_background_small2.zip) test has 24 "
                + "classes, fewer than the 30 ways requested");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(folder.resolve("x.png")).doesNotExist();
    }

    @Test
    void unknownDatasetIsReported() {
        int status = datasets("show", "--dataset", "imagenet");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: No dataset named 'imagenet'; found [").contains("omniglot");
    }

    @Test
    void invalidSplitIsUsageError() {
        int status = datasets("show", "--split", "training");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for --split: 'training'; expected train, val, test or all");
    }

    @Test
    void splitTooSmallForTaskRejected() {
        Path file = folder.resolve("split.json");

        int counts = datasets("split", "--seed", "5", "--counts", "1,1,1", "-o", file.toString());
        String countsMessage = err.toString();
        err.getBuffer().setLength(0);
        int fractions = datasets("split", "--seed", "5", "--fractions", "0.98,0.01", "-o", file.toString());
        String fractionsMessage = err.toString();
        err.getBuffer().setLength(0);
        int tooFewWays = datasets("split", "--seed", "5", "--counts", "200,20,22", "--ways", "1", "-o", file.toString());

        assertThat(counts).isEqualTo(2);
        assertThat(countsMessage).startsWith("--counts 1,1,1 gives the train part 1 class, fewer than the 5 classes of one 5-way task; "
                + "give every part at least 5 classes, or lower --ways to the number of classes per task you will train with");
        assertThat(fractions).isEqualTo(2);
        assertThat(fractionsMessage).startsWith("--fractions 0.98,0.01 gives the val part 2 classes, fewer than the 5 classes of one "
                + "5-way task;");
        assertThat(tooFewWays).isEqualTo(2);
        assertThat(err.toString()).startsWith("--ways must be at least 2, got 1");
        assertThat(file).doesNotExist();
    }

    @Test
    void splitSizesMalformedNameOption() {
        Path file = folder.resolve("split.json");
        String[][] cases = {
            {"--counts", "194,24,24,1,1,1", "--counts needs three whole numbers TRAIN,VAL,TEST, got '194,24,24,1,1,1'"},
            {"--counts", "190.5,24,24", "--counts needs three whole numbers TRAIN,VAL,TEST, got '190.5,24,24'"},
            {"--fractions", "0.8,x", "--fractions needs two numbers TRAIN,VAL, got '0.8,x'"},
        };
        for (String[] testCase : cases) {
            err.getBuffer().setLength(0);

            int status = datasets("split", "--seed", "5", testCase[0], testCase[1], "-o", file.toString());

            assertThat(status).as(testCase[1]).isEqualTo(2);
            assertThat(err.toString()).as(testCase[1]).startsWith(testCase[2]);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void splitHelpShowsSizesOnce() {
        int status = datasets("split", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("--counts=TRAIN,VAL,TEST").doesNotContain("[--counts").doesNotContain("[--fractions");
    }

    @Test
    void splitSizesBeyondDatasetNameOption() {
        Path file = folder.resolve("split.json");

        int counts = datasets("split", "--seed", "5", "--counts", "300,20,20", "-o", file.toString());
        String countsMessage = err.toString();
        err.getBuffer().setLength(0);
        int fractions = datasets("split", "--seed", "5", "--fractions", "0.9,0.2", "-o", file.toString());

        assertThat(counts).isEqualTo(2);
        assertThat(countsMessage).startsWith("--counts 300,20,20: train 300 + val 20 + test 20 = 340 classes requested but only 242 given; "
                + "lower the counts so that they sum to at most 242");
        assertThat(fractions).isEqualTo(2);
        assertThat(err.toString()).startsWith("--fractions 0.9,0.2: fractions must be at least 0 and sum to at most 1, got train 0.9 and "
                + "val 0.2");
        assertThat(file).doesNotExist();
    }

    @Test
    void splitCommandWritesReadableSplit() throws DatasetException {
        Path file = folder.resolve("split.json");

        int status = datasets("split", "--seed", "5", "--counts", "200,20,22", "-o", file.toString());

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        ClassSplit split = ClassSplit.read(file);
        assertThat(split.train()).hasSize(200);
        assertThat(split.val()).hasSize(20);
        assertThat(split.test()).hasSize(22);
        assertThat(split.seed()).hasValue(5);
        assertThat(out.toString()).startsWith("Wrote " + file + ": train 200, val 20, test 22 of the 242 classes of omniglot (seed 5)");
    }

    @Test
    void showUsesWrittenSplitFile() {
        Path file = folder.resolve("split.json");
        datasets("split", "--seed", "5", "--fractions", "0.5,0.25", "-o", file.toString());

        int status = datasets("show", "--split-file", file.toString(), "--split", "test", "--no-rotations", "-o",
                folder.resolve("x.png").toString());

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("omniglot test: 5-way 1-shot, 5 queries, seed 0");
    }

    @Test
    void downloadReportsUnreachableHost() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        int status = datasets("download", "--from", "http://127.0.0.1:" + port + "/python/");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: Cannot reach 127.0.0.1 to download http://127.0.0.1:" + port
                + "/python/images_background.zip");
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void downloadRejectsNonHttpFolder() {
        for (String from : List.of("file:///tmp/x/", "foo", "ftp://127.0.0.1/python/")) {
            err.getBuffer().setLength(0);

            int status = datasets("download", "--from", from);

            assertThat(status).as("exit status for %s", from).isEqualTo(2);
            assertThat(err.toString()).startsWith("--from must be an http or https URL of the folder that contains the archives, "
                    + "such as https://github.com/brendenlake/omniglot/raw/master/python/, got '" + from + "'");
            assertThat(err.toString()).doesNotContain("\tat ");
        }
        assertThat(folder.resolve("cache")).doesNotExist();
    }

    @Test
    void downloadRejectsPortOutOfRange() {
        int status = datasets("download", "--from", "http://127.0.0.1:99999/python/");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--from must name a port from 1 to 65535, or none, such as "
                + "http://127.0.0.1:8000/omniglot/, got 'http://127.0.0.1:99999/python/'").doesNotContain("\tat ");
    }

    @Test
    void downloadRejectsFolderWithQuery() {
        int status = datasets("download", "--from", "http://127.0.0.1:9/python/?token=1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--from must be the URL of a folder, without a query (?) or fragment (#), "
                + "got 'http://127.0.0.1:9/python/?token=1'");
    }

    @Test
    void downloadRejectsUnknownArchive() {
        int status = datasets("download", "backgrounds");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid archive 'backgrounds'; expected background, evaluation or all");
    }
}
