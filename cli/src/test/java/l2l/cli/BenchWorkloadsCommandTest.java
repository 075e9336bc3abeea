package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.tensor.io.Json;

/** Checks the options and the reported figures of {@code l2l bench workloads}; no timing is asserted. */
class BenchWorkloadsCommandTest {

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        List<String> full = new ArrayList<>(List.of("bench", "workloads", "--cache-dir", folder.resolve("cache").toString()));
        full.addAll(Arrays.asList(args));
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), full.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Path file) throws IOException {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(root.get("command")).isEqualTo("l2l bench workloads");
        assertThat((String) root.get("machine")).contains("cores, Java ");
        return (List<Map<String, Object>>) root.get("results");
    }

    private static double number(Map<String, Object> fields, String key) {
        return ((Number) fields.get(key)).doubleValue();
    }

    /** Checks what every workload reports: positive times with the minimum below the median, and a heap peak within the JVM's limit. */
    private static void assertSane(Map<String, Object> result, int timedRuns) {
        assertThat(number(result, "median_seconds")).isPositive();
        assertThat(number(result, "min_seconds")).isPositive().isLessThanOrEqualTo(number(result, "median_seconds"));
        assertThat((List<?>) result.get("seconds")).hasSize(timedRuns);
        assertThat(number(result, "peak_heap_bytes")).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(number(result, "lstm_product_flops_per_second")).isPositive();
    }

    @Test
    void quadraticAndLearnedOptimizerFiguresAreConsistent() throws IOException {
        Path json = folder.resolve("bench.json");
        int status = run("--workload", "5,1", "--warmup", "1", "--warmup-seconds", "0", "--iterations", "3", "--quadratics", "4", "--dimension", "3", "--unroll", "2",
                "--horizon", "4", "--run-widths", "2,4", "--steps", "3", "--run-warmup", "0", "--run-iterations", "2", "--batch-size", "8",
                "--product-seconds", "0.01", "--threads", "1", "--json", json.toString());

        assertThat(status).as(err.toString()).isZero();
        List<Map<String, Object>> results = results(json);
        assertThat(results).extracting(fields -> fields.get("workload")).containsExactly(1L, 5L, 5L);

        Map<String, Object> quadratic = results.get(0);
        assertSane(quadratic, 3);
        assertThat(quadratic.get("coordinates")).isEqualTo(12L);
        assertThat(quadratic.get("lstm_products")).isEqualTo("[12, 22|40] x [22|40, 80]");
        // Two cells of depth 22 and 40, 2 steps, 3 products per cell and step.
        assertThat(number(quadratic, "lstm_product_flops")).isEqualTo(2.0 * 12 * (22 + 40) * 80 * 2 * 3);

        Map<String, Object> narrow = results.get(1);
        Map<String, Object> wide = results.get(2);
        assertSane(narrow, 2);
        assertSane(wide, 2);
        assertThat(narrow.get("coordinates")).isEqualTo(784L * 2 + 2 + 2 * 10 + 10);
        assertThat(wide.get("coordinates")).isEqualTo(784L * 4 + 4 + 4 * 10 + 10);
        assertThat(number(wide, "lstm_product_flops")).isEqualTo(2.0 * (784 * 4 + 4 + 4 * 10 + 10) * (22 + 40) * 80 * 3);

        String output = out.toString();
        assertThat(output).contains("settings: 1 thread; workloads 1-4: at least 1 warm-up run and 0 s, then 3 timed runs; "
                + "workload 5: 0 untimed and 2 timed runs per MLP; peak heap");
        assertThat(output).contains("1 L2L quadratic 4 x 3-d, unroll 2").contains("meta-iteration");
        assertThat(number(quadratic, "median_cpu_seconds")).isPositive();
        assertThat(output).contains("5 learned optimizer, MLP 784-4-10").contains("3-step run");
        assertThat(output).containsPattern("MLP 784-4-10 +3190 coordinates: time per coordinate x\\d+\\.\\d\\d, peak heap per coordinate x");
    }

    @Test
    void fewShotEpisodeFiguresAreConsistent() throws IOException {
        Path json = folder.resolve("fewshot.json");
        int status = run("--workload", "3", "--warmup", "0", "--warmup-seconds", "0", "--iterations", "1", "--ways", "2", "--queries", "1", "--filters", "2",
                "--one-shot-steps", "2", "--product-seconds", "0.01", "--json", json.toString());

        assertThat(status).as(err.toString()).isZero();
        Map<String, Object> episode = results(json).get(0);
        assertSane(episode, 1);
        assertThat(episode.get("unit")).isEqualTo("episode");
        double coordinates = number(episode, "coordinates");
        assertThat(coordinates).isGreaterThan(2);
        assertThat(number(episode, "lstm_product_flops")).isEqualTo(2.0 * coordinates * 24 * 80 * 2 * 3);
        assertThat(out.toString()).contains("3 meta-LSTM 2-way 1-shot, T = 2");
        assertThat(out.toString()).contains("then 1 timed run; peak heap").doesNotContain("workload 5:");
    }

    @Test
    void unknownWorkloadRejected() {
        int status = run("--workload", "6");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--workload': 6 is not a workload; choose numbers from 1 to 5");
    }

    @Test
    void horizonShorterThanUnrollRejected() {
        int status = run("--unroll", "20", "--horizon", "10");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--horizon': 10 must be at least 20");
    }

    @Test
    void negativeProductSecondsRejected() {
        int status = run("--product-seconds", "-1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--product-seconds': -1.0 must be a number of seconds, 0 or more");
    }

    @Test
    void missingDatasetReported() {
        int status = run("--workload", "2", "--mnist", "no-such-dataset", "--iterations", "1", "--warmup", "0", "--warmup-seconds", "0");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("l2l: ").contains("no-such-dataset");
    }
}
