package l2l.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import l2l.metalearner.fewshot.MetaTrainer;
import l2l.metalearner.fewshot.TrainingState;

/**
 * Writes the results file of {@code l2l fewshot train}; its schema is documented in
 * {@code docs/fewshot.md}.
 */
final class FewshotResults {

    private FewshotResults() {
    }

    /**
     * Writes {@code results.json} of a training run: the configuration, the best and last
     * validation, the learning curve, and the timing of this session.
     */
    static void writeTraining(Path folder, Map<String, Object> config, TrainingState state, double seconds, long sessionEpisodes)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "l2l.fewshot.training");
        json.put("config", config);
        json.put("episodes_done", state.episodesDone());
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("accuracy", state.bestAccuracy());
        best.put("episode", state.bestEpisode());
        best.put("file", MetaTrainer.BEST_FILE);
        json.put("best_validation", best);
        Map<String, Object> curve = state.curve().toJson();
        List<?> validation = (List<?>) curve.get("validation");
        json.put("last_validation", validation.isEmpty() ? null : validation.get(validation.size() - 1));
        json.put("curve", curve);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("session_seconds", seconds);
        timing.put("session_episodes", sessionEpisodes);
        timing.put("seconds_per_episode", sessionEpisodes == 0 ? null : seconds / sessionEpisodes);
        timing.put("load_average", loadAverage());
        json.put("timing", timing);
        FewshotTrainCommand.writeJson(folder.resolve(FewshotTrainCommand.RESULTS_FILE), json);
    }

    /** Returns the one-minute load average, or null where the system does not report it. */
    static Double loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? null : load;
    }

    /** Returns seconds as {@code 1h02m}, {@code 12m05s} or {@code 42s}. */
    static String duration(double seconds) {
        long total = Math.round(seconds);
        if (total >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", total / 3600, total % 3600 / 60);
        }
        if (total >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60);
        }
        return total + "s";
    }
}
