package l2l.cli.bench;

import static l2l.cli.text.Plurals.count;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import l2l.cli.options.ThreadCounts;
import l2l.cli.options.VersionProvider;
import l2l.tensor.FmaProbe;
import l2l.tensor.LstmKernels;
import l2l.tensor.Parallelism;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code l2l bench kernels}: the hot kernels of a coordinate-wise LSTM optimizer, timed for
 * several row counts n.
 *
 * <ol>
 *   <li>the product {@code [n, I + H] x [I + H, 4H]} ({@code [n, 24] x [24, 80]} by default),
 *       through {@code Tensor.matmul}, which allocates and zeroes its {@code [n, 4H]} result;
 *   <li>the same product as the fused cell computes it ({@code LstmKernels.gateProducts}): block
 *       by block into the cell's reused gate buffer, without the activation;
 *   <li>the two products of an unfused cell, {@code x W_ih^T} and {@code h W_hh^T};
 *   <li>the fused LSTM cell forward, and forward plus backward with all gradients, the backward
 *       pass reusing the gates that the forward pass kept, as in training.
 * </ol>
 * Each kernel runs untimed until both warm-up limits are reached, so that the JIT has compiled
 * it. Then come rounds of timed samples, one per kernel and round, and the reported times are
 * medians per run. With {@code --threads 1}
 * the command also reports the CPU time of the calling thread, which stays meaningful on a busy
 * machine; GFLOP/s always use the wall-clock time. {@code --kernels} times a subset, for example
 * one kernel alone, without the other kernels' effect on the caches, the heap and the JIT.
 * GFLOP/s count {@code 2 n k m} per product. The LSTM cell counts its three products (forward,
 * input gradient, weight gradient) and not its gate arithmetic. The peak is measured with {@link FmaProbe} on every thread at once.
 */
@Command(
        name = "kernels",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Times the matrix product and the fused LSTM cell of a coordinate-wise LSTM optimizer for several row "
                + "counts, and reports GFLOP/s and the fraction of the measured double-precision peak.")
public final class KernelsCommand implements Runnable {

    /** The names that {@code --kernels} takes, in the order of the output. */
    static final List<String> KERNEL_NAMES = List.of("matmul", "gate-products", "unfused", "forward", "forward-backward");

    /** A timed sample runs the kernel often enough to last at least this long, so short kernels are not timer noise. */
    private static final double MIN_SAMPLE_SECONDS = 0.005;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", split = ",", paramLabel = "N",
            description = "Row counts n to measure, comma-separated (default: 1000,10000,100000).")
    int[] rows = {1000, 10_000, 100_000};

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden units H of the LSTM cell (default: ${DEFAULT-VALUE}).")
    int hidden = 20;

    @Option(names = "--input", paramLabel = "I", description = "Inputs I per row of the LSTM cell (default: ${DEFAULT-VALUE}).")
    int input = 4;

    @Option(names = "--warmup", paramLabel = "COUNT", description = "Minimum untimed iterations before timing each kernel (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--warmup-seconds", paramLabel = "SECONDS",
            description = "Minimum untimed run time in seconds before timing each kernel, so the JIT compiles it first (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 2.0;

    @Option(names = "--iterations", paramLabel = "COUNT", description = "Timed samples per kernel; the median is reported (default: ${DEFAULT-VALUE}).")
    int iterations = 15;

    @Option(names = "--threads", paramLabel = "N", description = "Threads the kernels and the peak measurement use (default: all available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--peak-seconds", paramLabel = "SECONDS", description = "Duration in seconds of the peak measurement (default: ${DEFAULT-VALUE}).")
    double peakSeconds = 2.0;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the random operands (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--kernels", split = ",", paramLabel = "NAME",
            description = "Kernels to time, comma-separated, from matmul, gate-products, unfused, forward and forward-backward "
                    + "(default: all). One kernel alone runs without the others' effect on the caches and the JIT.")
    List<String> kernels = KERNEL_NAMES;

    /** Results that the kernels return are folded in here so the JIT cannot drop them. */
    private double sink;

    @Inject
    KernelsCommand() {
    }

    @Override
    public void run() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        int previousThreads = Parallelism.threads();
        Parallelism.setThreads(threads);
        try {
            out.println("machine: " + MachineInfo.describe());
            double peak = measurePeak();
            out.printf("peak: %.1f GFLOP/s on %s (FmaProbe: %d FLOP per iteration per thread)%n", peak / 1e9, count(threads, "thread"),
                    FmaProbe.flopsPerIteration());
            out.printf("settings: I = %d, H = %d, warm-up of at least %s and %.1f s, %s of at least %.0f ms, median reported%n", input,
                    hidden, count(warmup, "iteration"), warmupSeconds, count(iterations, "timed sample"), MIN_SAMPLE_SECONDS * 1e3);
            out.printf("%-9s %-44s %10s %10s %10s %8s%n", "rows", "kernel", "wall ms", "cpu ms", "GFLOP/s", "of peak");
            for (int n : rows) {
                measureRows(out, n, peak);
            }
            out.println("checksum " + sink);
        } finally {
            Parallelism.setThreads(previousThreads);
        }
    }

    private void validate() {
        for (int n : rows) {
            if (n < 1) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--rows': " + n + " must be at least 1");
            }
        }
        requireAtLeast("--hidden", hidden, 1);
        requireAtLeast("--input", input, 0);
        requireAtLeast("--warmup", warmup, 0);
        requireAtLeast("--iterations", iterations, 1);
        Set<String> seen = new HashSet<>();
        for (String name : kernels) {
            if (!KERNEL_NAMES.contains(name)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--kernels': '" + name
                        + "' is not a kernel; use names from " + String.join(", ", KERNEL_NAMES));
            }
            if (!seen.add(name)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--kernels': '" + name
                        + "' is named twice; name each kernel once");
            }
        }
        ThreadCounts.require(spec.commandLine(), "--threads", threads);
        if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--warmup-seconds': " + warmupSeconds
                    + " must be a number of seconds, 0 or more");
        }
        if (!(peakSeconds > 0) || !Double.isFinite(peakSeconds)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--peak-seconds': " + peakSeconds
                    + " must be a positive number of seconds");
        }
    }

    private void requireAtLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value + " must be at least "
                    + minimum);
        }
    }

    private void measureRows(PrintWriter out, int n, double peak) {
        TensorRandom random = new TensorRandom(seed);
        int depth = input + hidden;
        int gates = 4 * hidden;
        Tensor inputs = random.normal(0, 1, n, depth);
        Tensor weights = random.normal(0, 0.2, depth, gates);
        Tensor x = random.normal(0, 1, n, input);
        Tensor h = random.normal(0, 1, n, hidden);
        Tensor c = random.normal(0, 1, n, hidden);
        Tensor weightIh = random.normal(0, 0.2, gates, input);
        Tensor weightHh = random.normal(0, 0.2, gates, hidden);
        Tensor biasIh = random.normal(0, 0.2, gates);
        Tensor biasHh = random.normal(0, 0.2, gates);
        Tensor gradientH = random.normal(0, 1, n, hidden);
        Tensor gradientC = random.normal(0, 1, n, hidden);
        double productFlops = 2.0 * n * depth * gates;

        LstmKernels.Weights packedWeights = LstmKernels.Weights.of(weightIh, weightHh, biasIh, biasHh);
        Map<String, Runnable> all = new LinkedHashMap<>();
        all.put("matmul", () -> consume(inputs.matmul(weights)));
        all.put("gate-products", () -> sink += LstmKernels.gateProducts(x, h, packedWeights));
        all.put("unfused", () -> {
            consume(x.matmulTransposed(weightIh));
            consume(h.matmulTransposed(weightHh));
        });
        all.put("forward", () -> {
            LstmKernels.Weights packed = LstmKernels.Weights.of(weightIh, weightHh, biasIh, biasHh);
            consume(LstmKernels.forward(x, h, c, packed).h());
        });
        all.put("forward-backward", () -> {
            LstmKernels.Weights packed = LstmKernels.Weights.of(weightIh, weightHh, biasIh, biasHh);
            LstmKernels.Saved saved = LstmKernels.forwardSaving(x, h, c, packed);
            consume(saved.state().h());
            LstmKernels.Gradients gradients = LstmKernels.backward(x, h, c, packed, saved, gradientH, gradientC, true, true);
            consume(gradients.weightHh());
            consume(gradients.x());
        });
        List<String> chosen = KERNEL_NAMES.stream().filter(kernels::contains).toList();
        Timing[] measured = measure(chosen.stream().map(all::get).toArray(Runnable[]::new));
        Map<String, Timing> timings = new LinkedHashMap<>();
        for (int k = 0; k < chosen.size(); k++) {
            timings.put(chosen.get(k), measured[k]);
        }

        String size = "[" + n + ", " + depth + "] x [" + depth + ", " + gates + "]";
        printRow(out, n, "matmul " + size, timings.get("matmul"), productFlops, peak);
        printRow(out, n, "gate products of the cell (into its buffers)", timings.get("gate-products"), productFlops, peak);
        printRow(out, n, "x W_ih^T and h W_hh^T (unfused cell)", timings.get("unfused"), productFlops, peak);
        printRow(out, n, "LSTM cell forward", timings.get("forward"), productFlops, peak);
        printRow(out, n, "LSTM cell forward + backward", timings.get("forward-backward"), 3 * productFlops, peak);
        printRatio(out, n, "ratio: cell fwd+bwd / unfused products", timings.get("forward-backward"), timings.get("unfused"));
        printRatio(out, n, "ratio: cell fwd+bwd / matmul", timings.get("forward-backward"), timings.get("matmul"));
        out.flush();
    }

    /** Prints one kernel's row, or nothing when the kernel was not timed ({@code timing} null). */
    private void printRow(PrintWriter out, int n, String kernel, Timing timing, double flops, double peak) {
        if (timing == null) {
            return;
        }
        double rate = flops / timing.wall();
        out.printf("%-9d %-44s %10.3f %10s %10.1f %7.1f%%%n", n, kernel, timing.wall() * 1e3, cpuColumn(timing.cpu() * 1e3), rate / 1e9,
                100 * rate / peak);
    }

    /** Prints the ratio of two kernels' times, or nothing when either was not timed. */
    private void printRatio(PrintWriter out, int n, String name, Timing numerator, Timing denominator) {
        if (numerator == null || denominator == null) {
            return;
        }
        out.printf("%-9d %-44s %9.2fx %10s%n", n, name, numerator.wall() / denominator.wall(),
                threads == 1 ? String.format("%9.2fx", numerator.cpu() / denominator.cpu()) : "-");
    }

    /** Returns the CPU time column, which only means the kernel's work when a single thread does it. */
    private String cpuColumn(double milliseconds) {
        return threads == 1 ? String.format("%.3f", milliseconds) : "-";
    }

    private void consume(Tensor result) {
        sink += result.size() == 0 ? 0 : result.getFlat(result.size() - 1);
    }

    /**
     * The median wall-clock time of one run of a kernel and the median CPU time of the calling
     * thread, both in seconds. With one thread the CPU time is the kernel's work, which other
     * processes on a busy machine do not inflate.
     */
    private record Timing(double wall, double cpu) {
    }

    /**
     * Times every kernel: first each one's warm-up, then {@code iterations} rounds in which every
     * kernel gives one sample. Interleaving the samples exposes all kernels to the same changes of
     * machine load, which keeps their ratios meaningful on a shared machine.
     */
    private Timing[] measure(Runnable... kernels) {
        int[] repetitions = new int[kernels.length];
        for (int k = 0; k < kernels.length; k++) {
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            for (int i = 0; i < warmup || System.nanoTime() < warmupEnd; i++) {
                kernels[k].run();
            }
            long start = System.nanoTime();
            kernels[k].run();
            double once = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            repetitions[k] = (int) Math.max(1, Math.ceil(MIN_SAMPLE_SECONDS / once));
        }

        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        double[][] wall = new double[kernels.length][iterations];
        double[][] cpu = new double[kernels.length][iterations];
        for (int i = 0; i < iterations; i++) {
            for (int k = 0; k < kernels.length; k++) {
                long cpuBegin = threadBean.getCurrentThreadCpuTime();
                long begin = System.nanoTime();
                for (int r = 0; r < repetitions[k]; r++) {
                    kernels[k].run();
                }
                wall[k][i] = (System.nanoTime() - begin) / 1e9 / repetitions[k];
                cpu[k][i] = (threadBean.getCurrentThreadCpuTime() - cpuBegin) / 1e9 / repetitions[k];
            }
        }
        Timing[] timings = new Timing[kernels.length];
        for (int k = 0; k < kernels.length; k++) {
            timings[k] = new Timing(median(wall[k]), median(cpu[k]));
        }
        return timings;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Returns the double-precision FLOP/s of {@link FmaProbe} running on every thread at once. */
    private double measurePeak() {
        // Many short calls first, so the JIT compiles the probe as a whole before it is timed.
        long warmupEnd = System.nanoTime() + (long) (Math.min(warmupSeconds, 1.0) * 1e9);
        for (int i = 0; i < 20_000 || System.nanoTime() < warmupEnd; i++) {
            sink += FmaProbe.run(100);
        }
        long calibration = 1_000_000;
        long start = System.nanoTime();
        sink += FmaProbe.run(calibration);
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long perThread = Math.max(calibration, (long) (peakSeconds / seconds * calibration));

        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        double[] checksums = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                ready.countDown();
                awaitQuietly(go);
                checksums[index] = FmaProbe.run(perThread);
            }, "l2l-peak-" + t);
            workers[t].start();
        }
        awaitQuietly(ready);
        long begin = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            joinQuietly(worker);
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        for (double checksum : checksums) {
            sink += checksum;
        }
        return (double) threads * perThread * FmaProbe.flopsPerIteration() / elapsed;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the peak measurement threads", e);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the peak measurement threads", e);
        }
    }
}
