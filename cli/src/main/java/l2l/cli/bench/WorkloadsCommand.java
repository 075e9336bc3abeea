package l2l.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import l2l.cli.options.ThreadCounts;
import l2l.cli.options.DataLocations;
import l2l.cli.options.VersionProvider;
import l2l.datasets.AtomicFiles;
import l2l.datasets.ClassDataset;
import l2l.datasets.DatasetException;
import l2l.datasets.SplitPart;
import l2l.datasets.catalog.DatasetCatalog;
import l2l.datasets.catalog.Selection;
import l2l.metalearner.coordinatewise.LstmOptimizerCheckpoints;
import l2l.metalearner.coordinatewise.LstmOptimizerConfig;
import l2l.metalearner.coordinatewise.LstmOptimizerWeights;
import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.fewshot.FewShotException;
import l2l.tensor.Parallelism;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;
import l2l.tensor.io.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code l2l bench workloads}: times the five end-to-end workloads of both methods through the
 * project's training and evaluation code.
 *
 * <ol>
 *   <li>L2L quadratic: one meta-iteration of 20 unrolled steps over a batch of 128 10-d quadratics,
 *       meta-backward and Adam;
 *   <li>L2L MNIST MLP 784-20-10 (15,910 coordinates): one meta-iteration of 20 unrolled steps;
 *   <li>meta-learner LSTM, 5-way 1-shot Omniglot 28 x 28, 32 filters, T = 10: one episode;
 *   <li>the same, 5-shot with T = 5;
 *   <li>the trained L2L optimizer applied for 100 steps, no meta-gradient, to 784-20-10,
 *       784-100-10 and 784-500-10 MLPs.
 * </ol>
 * Each workload runs {@code --warmup} untimed times, then {@code --iterations} timed times; the
 * median is printed. Peak heap is measured over the timed runs with {@link HeapPeak}. The LSTM
 * products are counted by {@link LstmProducts}, and their rate is measured on their own shapes
 * after the workload: {@code Tensor.matmul} runs the same register-blocked kernel as the cell.
 */
@Command(
        name = "workloads",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Times the end-to-end workloads of both methods: 1 L2L quadratic meta-iteration, 2 L2L MNIST MLP meta-iteration, "
                    + "3 meta-learner LSTM 5-way 1-shot episode, 4 5-way 5-shot episode, 5 the learned optimizer applied to "
                    + "MNIST MLPs of three widths.",
            "Prints per workload the median seconds per run, the peak heap over the timed runs, and the LSTM products' "
                    + "floating-point operations and rate."})
public final class WorkloadsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataLocations locations;

    @Option(names = {"-w", "--workload"}, split = ",", paramLabel = "K",
            description = "Workloads to run, comma-separated numbers from 1 to 5 (default: all).")
    int[] workloads = {1, 2, 3, 4, 5};

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs of each workload before timing (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--warmup-seconds", paramLabel = "SECONDS",
            description = "Minimum untimed run time of each of workloads 1 to 4, on top of --warmup, so that the JIT compiler "
                    + "has compiled the kernels before timing (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 5.0;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Timed runs of workloads 1 to 4; the median is reported (default: ${DEFAULT-VALUE}).")
    int iterations = 10;

    @Option(names = "--run-warmup", paramLabel = "N",
            description = "Untimed runs of each MLP of workload 5 (default: ${DEFAULT-VALUE}).")
    int runWarmup = 1;

    @Option(names = "--run-iterations", paramLabel = "N",
            description = "Timed runs of each MLP of workload 5 (default: ${DEFAULT-VALUE}).")
    int runIterations = 3;

    @Option(names = "--unroll", paramLabel = "STEPS", description = "Unrolled steps per meta-iteration of workloads 1 and 2 (default: ${DEFAULT-VALUE}).")
    int unroll = 20;

    @Option(names = "--horizon", paramLabel = "STEPS",
            description = "Steps per problem of workloads 1 and 2 before a fresh one is drawn, untimed (default: ${DEFAULT-VALUE}).")
    int horizon = 100;

    @Option(names = "--quadratics", paramLabel = "M", description = "Quadratics per meta-iteration of workload 1 (default: ${DEFAULT-VALUE}).")
    int quadratics = 128;

    @Option(names = "--dimension", paramLabel = "D", description = "Dimension of each quadratic (default: ${DEFAULT-VALUE}).")
    int dimension = 10;

    @Option(names = "--mnist", paramLabel = "NAME",
            description = "The MNIST-style dataset of workloads 2 and 5, as 'l2l datasets' lists it (default: ${DEFAULT-VALUE}).")
    String mnist = "mnist-10k";

    @Option(names = "--batch-size", paramLabel = "B", description = "Minibatch size of the MLPs (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--width", paramLabel = "W", description = "Hidden width of the MLP of workload 2 (default: ${DEFAULT-VALUE}).")
    int width = 20;

    @Option(names = "--run-widths", split = ",", paramLabel = "W",
            description = "Hidden widths of the MLPs of workload 5, comma-separated (default: 20,100,500).")
    int[] runWidths = {20, 100, 500};

    @Option(names = "--steps", paramLabel = "STEPS", description = "Steps of the learned optimizer per run of workload 5 (default: ${DEFAULT-VALUE}).")
    int steps = 100;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "LSTM optimizer weights for workload 5 (default: weights initialised from --seed; the time does not "
                    + "depend on the values).")
    Path checkpoint;

    @Option(names = "--omniglot", paramLabel = "NAME",
            description = "The few-shot dataset of workloads 3 and 4, as 'l2l datasets' lists it (default: ${DEFAULT-VALUE}).")
    String omniglot = "omniglot";

    @Option(names = "--ways", paramLabel = "N", description = "Classes per task of workloads 3 and 4 (default: ${DEFAULT-VALUE}).")
    int ways = 5;

    @Option(names = "--queries", paramLabel = "Q", description = "Query images per class of workloads 3 and 4 (default: ${DEFAULT-VALUE}).")
    int queries = 15;

    @Option(names = "--filters", paramLabel = "F", description = "Filters per convolution of the few-shot CNN (default: ${DEFAULT-VALUE}).")
    int filters = 32;

    @Option(names = "--one-shot-steps", paramLabel = "T", description = "Inner steps T of workload 3, 1-shot (default: ${DEFAULT-VALUE}).")
    int oneShotSteps = 10;

    @Option(names = "--five-shot-steps", paramLabel = "T", description = "Inner steps T of workload 4, 5-shot (default: ${DEFAULT-VALUE}).")
    int fiveShotSteps = 5;

    @Option(names = "--product-seconds", paramLabel = "SECONDS",
            description = "Seconds spent measuring the rate of each workload's LSTM products on their own; 0 skips it (default: ${DEFAULT-VALUE}).")
    double productSeconds = 1.0;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the tensor kernels (default: all available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the weights, problems and tasks (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to this JSON file.")
    Path json;

    /** The MNIST data, loaded once for workloads 2 and 5. */
    private MnistData cachedMnist;

    @Inject
    WorkloadsCommand() {
    }

    @Override
    public Integer call() throws DatasetException, FewShotException, NonFiniteLossException, CheckpointException, IOException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        int previousThreads = Parallelism.threads();
        Parallelism.setThreads(threads);
        List<Map<String, Object>> results = new ArrayList<>();
        String machineBefore = MachineInfo.describe();
        try {
            out.println("machine: " + machineBefore);
            List<Integer> chosen = Arrays.stream(workloads).distinct().sorted().boxed().toList();
            out.println(settingsLine(chosen));
            out.printf(Locale.ROOT, "%-44s %-15s %10s %10s %10s %10s %10s %10s %8s%n", "workload", "run", "median s", "min s", "cpu s",
                    "peak MiB", "LSTM GFLOP", "GFLOP/s", "share");
            for (int number : chosen) {
                for (Workload workload : create(number)) {
                    boolean run = number == 5;
                    Result result = measure(workload, run ? runWarmup : warmup, run ? 0 : warmupSeconds, run ? runIterations : iterations);
                    print(out, result);
                    results.add(result.toJson(number));
                }
            }
            if (chosen.contains(5) && runWidths.length > 1) {
                printGrowth(out, results);
            }
            out.println("load averages at the end: " + MachineInfo.loadAverages());
        } finally {
            Parallelism.setThreads(previousThreads);
        }
        if (json != null) {
            writeJson(machineBefore, results);
            out.println("wrote " + json);
        }
        return 0;
    }

    private void validate() throws IOException {
        if (json != null) {
            AtomicFiles.requireFileTarget(json);
        }
        for (int number : workloads) {
            if (number < 1 || number > 5) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--workload': " + number
                        + " is not a workload; choose numbers from 1 to 5");
            }
        }
        for (int runWidth : runWidths) {
            requireAtLeast("--run-widths", runWidth, 1);
        }

        requireAtLeast("--warmup", warmup, 0);
        requireAtLeast("--iterations", iterations, 1);
        requireAtLeast("--run-warmup", runWarmup, 0);
        requireAtLeast("--run-iterations", runIterations, 1);
        requireAtLeast("--unroll", unroll, 1);
        requireAtLeast("--horizon", horizon, unroll);
        requireAtLeast("--quadratics", quadratics, 1);
        requireAtLeast("--dimension", dimension, 1);
        requireAtLeast("--batch-size", batchSize, 1);
        requireAtLeast("--width", width, 1);
        requireAtLeast("--steps", steps, 1);

        requireAtLeast("--ways", ways, 2);
        requireAtLeast("--queries", queries, 1);
        requireAtLeast("--filters", filters, 1);
        requireAtLeast("--one-shot-steps", oneShotSteps, 1);
        requireAtLeast("--five-shot-steps", fiveShotSteps, 1);
        ThreadCounts.require(spec.commandLine(), "--threads", threads);

        if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--warmup-seconds': " + warmupSeconds
                    + " must be a number of seconds, 0 or more");
        }
        if (!(productSeconds >= 0) || !Double.isFinite(productSeconds)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--product-seconds': " + productSeconds
                    + " must be a number of seconds, 0 or more");
        }
    }

    private void requireAtLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value + " must be at least "
                    + minimum);
        }
    }

    private List<Workload> create(int number) throws DatasetException, FewShotException, CheckpointException {
        return switch (number) {
            case 1 -> List.of(Workloads.coordinatewiseMetaTraining("1 L2L quadratic " + quadratics + " x " + dimension + "-d, unroll " + unroll,
                    Workloads.quadratics(dimension, quadratics), unroll, horizon, seed));
            case 2 -> List.of(Workloads.coordinatewiseMetaTraining("2 L2L MLP 784-" + width + "-10, unroll " + unroll,
                    Workloads.mlps(mnistData(), width, batchSize), unroll, horizon, seed));
            case 3 -> List.of(Workloads.fewShotMetaTraining("3 meta-LSTM " + ways + "-way 1-shot, T = " + oneShotSteps, omniglotTraining(),
                    ways, 1, queries, oneShotSteps, filters, seed));
            case 4 -> List.of(Workloads.fewShotMetaTraining("4 meta-LSTM " + ways + "-way 5-shot, T = " + fiveShotSteps, omniglotTraining(),
                    ways, 5, queries, fiveShotSteps, filters, seed));
            default -> learnedOptimizerRuns();
        };
    }

    private List<Workload> learnedOptimizerRuns() throws DatasetException, CheckpointException {
        LstmOptimizerWeights weights = checkpoint != null ? LstmOptimizerCheckpoints.read(checkpoint).weights()
                : LstmOptimizerWeights.initialize(LstmOptimizerConfig.DEFAULT, new TensorRandom(seed));
        MnistData data = mnistData();
        List<Workload> runs = new ArrayList<>();
        for (int runWidth : runWidths) {
            runs.add(Workloads.learnedOptimizer("5 learned optimizer, MLP 784-" + runWidth + "-10", Workloads.mlps(data, runWidth, batchSize),
                    weights, steps, seed));
        }
        return runs;
    }

    private MnistData mnistData() throws DatasetException {
        if (cachedMnist == null) {
            cachedMnist = MnistData.load(locations.roots(), mnist);
        }
        return cachedMnist;
    }

    /** Returns the meta-training classes of the few-shot dataset at 28 x 28, without the rotations that training adds by default. */
    private ClassDataset omniglotTraining() throws DatasetException {
        return DatasetCatalog.scan(locations.roots()).require(omniglot)
                .classes(new Selection(Optional.of(SplitPart.TRAIN), Optional.empty(), false, OptionalInt.of(28), OptionalInt.empty()));
    }

    /**
     * The measurements of one workload.
     *
     * @param seconds the wall time of every timed run
     * @param cpuSeconds the CPU time of the calling thread in every timed run, which is the whole
     *     work of a run with one thread
     * @param peakHeapBytes the peak heap over the timed runs
     * @param productRate the FLOP/s of the LSTM products measured on their own, or NaN when not measured
     */
    private record Result(Workload workload, double[] seconds, double[] cpuSeconds, long peakHeapBytes, double productRate) {

        double median() {
            return WorkloadsCommand.median(seconds);
        }

        double medianCpu() {
            return WorkloadsCommand.median(cpuSeconds);
        }

        double min() {
            return Arrays.stream(seconds).min().orElse(Double.NaN);
        }

        /** Returns the estimated fraction of a run spent in the LSTM products, at their measured rate. */
        double productShare() {
            return workload.products().flops() / productRate / median();
        }

        Map<String, Object> toJson(int number) {
            LstmProducts products = workload.products();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("workload", number);
            fields.put("name", workload.name());
            fields.put("unit", workload.unit());
            fields.put("coordinates", products.rows());
            fields.put("median_seconds", median());
            fields.put("min_seconds", min());
            fields.put("seconds", Arrays.stream(seconds).boxed().toList());
            fields.put("median_cpu_seconds", medianCpu());
            fields.put("peak_heap_bytes", peakHeapBytes);
            fields.put("lstm_products", products.describe());
            fields.put("lstm_product_flops", products.flops());
            fields.put("lstm_product_flops_per_second", Double.isFinite(productRate) ? productRate : null);
            return fields;
        }
    }

    private Result measure(Workload workload, int warmupRuns, double minimumWarmupSeconds, int timedRuns)
            throws FewShotException, NonFiniteLossException {
        long warmupEnd = System.nanoTime() + (long) (minimumWarmupSeconds * 1e9);
        for (int i = 0; i < warmupRuns || System.nanoTime() < warmupEnd; i++) {
            workload.prepare();
            workload.run();
        }
        workload.prepare();
        HeapPeak.reset();
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        double[] seconds = new double[timedRuns];
        double[] cpuSeconds = new double[timedRuns];
        for (int i = 0; i < timedRuns; i++) {
            if (i > 0) {
                workload.prepare();
            }
            long cpuStart = threadBean.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            workload.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
            cpuSeconds[i] = (threadBean.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        }
        long peak = HeapPeak.bytes();
        double rate = productSeconds > 0 ? measureProductRate(workload.products()) : Double.NaN;
        return new Result(workload, seconds, cpuSeconds, peak, rate);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * Returns the FLOP/s of the workload's LSTM products computed on their own with
     * {@link Tensor#matmul}: each depth's product on random operands, first for at least half of
     * {@code --product-seconds} untimed, then timed for the other half.
     */
    private double measureProductRate(LstmProducts products) {
        TensorRandom random = new TensorRandom(seed);
        double flops = 0;
        double seconds = 0;
        double perDepth = productSeconds / products.depths().length / 2;
        for (int depth : products.depths()) {
            Tensor inputs = random.normal(0, 1, products.rows(), depth);
            Tensor weights = random.normal(0, 0.2, depth, products.gateWidth());
            double sink = 0;
            long warmupEnd = System.nanoTime() + (long) (perDepth * 1e9);
            while (System.nanoTime() < warmupEnd) {
                sink += inputs.matmul(weights).getFlat(0);
            }
            int repetitions = 0;
            long start = System.nanoTime();
            long end = start + (long) (perDepth * 1e9);
            do {
                sink += inputs.matmul(weights).getFlat(0);
                repetitions++;
            } while (System.nanoTime() < end);
            seconds += (System.nanoTime() - start) / 1e9;
            flops += 2.0 * products.rows() * depth * products.gateWidth() * repetitions;
            if (Double.isNaN(sink)) {
                throw new IllegalStateException("bench: the product of random operands of " + products.describe() + " is NaN");
            }
        }
        return flops / seconds;
    }

    private void print(PrintWriter out, Result result) {
        LstmProducts products = result.workload().products();
        boolean rated = Double.isFinite(result.productRate());
        out.printf(Locale.ROOT, "%-44s %-15s %10.4f %10.4f %10s %10.1f %10.3f %10s %8s%n", result.workload().name(), result.workload().unit(),
                result.median(), result.min(), threads == 1 ? String.format(Locale.ROOT, "%.4f", result.medianCpu()) : "-",
                result.peakHeapBytes() / (1024.0 * 1024.0), products.flops() / 1e9,
                rated ? String.format(Locale.ROOT, "%.1f", result.productRate() / 1e9) : "-",
                rated ? String.format(Locale.ROOT, "%.1f%%", 100 * result.productShare()) : "-");
        out.printf(Locale.ROOT, "%-44s %s, %d steps x %d product(s) per cell%n", "  LSTM products", products.describe(), products.steps(),
                products.passes());
        out.flush();
    }

    /** Prints workload 5's time and peak heap per coordinate relative to its first MLP, which stay near 1 for linear growth. */
    private static void printGrowth(PrintWriter out, List<Map<String, Object>> results) {
        List<Map<String, Object>> runs = results.stream().filter(fields -> Integer.valueOf(5).equals(fields.get("workload"))).toList();
        Map<String, Object> first = runs.get(0);
        double firstTime = (Double) first.get("median_seconds") / (Integer) first.get("coordinates");
        double firstHeap = ((Long) first.get("peak_heap_bytes")).doubleValue() / (Integer) first.get("coordinates");
        out.println("workload 5 growth (relative to the first MLP; 1.00 is linear in the coordinate count):");
        for (Map<String, Object> run : runs) {
            int coordinates = (Integer) run.get("coordinates");
            double time = (Double) run.get("median_seconds") / coordinates;
            double heap = ((Long) run.get("peak_heap_bytes")).doubleValue() / coordinates;
            out.printf(Locale.ROOT, "  %-42s %8d coordinates: time per coordinate x%.2f, peak heap per coordinate x%.2f%n", run.get("name"),
                    coordinates, time / firstTime, heap / firstHeap);
        }
    }

    private void writeJson(String machine, List<Map<String, Object>> results) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("threads", threads);
        settings.put("warmup", warmup);
        settings.put("warmup_seconds", warmupSeconds);
        settings.put("iterations", iterations);
        settings.put("run_warmup", runWarmup);
        settings.put("run_iterations", runIterations);
        settings.put("seed", seed);
        settings.put("cpu_seconds", "CPU time of the calling thread, the whole work of a run only with threads = 1");
        settings.put("peak_heap", "sum of the heap memory pools' peak usage over the timed runs, reset after a GC");
        settings.put("lstm_product_flops", "2 n k 4H per product [n, k] x [k, 4H]; per cell and step 1 product forward, 3 with the "
                + "meta-gradient; gate arithmetic and recomputed products not counted");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "l2l bench workloads");
        root.put("machine", machine);
        root.put("load_averages_at_end", MachineInfo.loadAverages());
        root.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        root.put("settings", settings);
        root.put("results", results);
        AtomicFiles.write(json, (Json.writePretty(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the count with its noun, such as "1 timed run" or "3 timed runs" for the adjective "timed". */
    private static String countRuns(int count, String adjective) {
        return count + " " + adjective + (count == 1 ? " run" : " runs");
    }

    /** Returns the line that states the run counts, for the chosen workloads only. */
    String settingsLine(List<Integer> chosen) {
        StringBuilder line = new StringBuilder("settings: " + threads + (threads == 1 ? " thread" : " threads"));
        if (chosen.stream().anyMatch(number -> number <= 4)) {
            line.append(String.format(Locale.ROOT, "; workloads 1-4: at least %s and %.0f s, then %s",
                    countRuns(warmup, "warm-up"), warmupSeconds, countRuns(iterations, "timed")));
        }
        if (chosen.contains(5)) {
            line.append("; workload 5: ").append(runWarmup).append(" untimed and ").append(countRuns(runIterations, "timed"))
                    .append(" per MLP");
        }
        return line.append("; peak heap = sum of the heap pools' peak usage over the timed runs, after a GC; cpu s = CPU time of the "
                + "calling thread, shown with --threads 1 only").toString();
    }
}
