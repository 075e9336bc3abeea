package l2l.metalearner.fewshot;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The accuracy of a method over a set of episodes: the mean of the per-episode accuracies and the
 * half-width of its 95% confidence interval, 1.96 standard errors of the mean, the way few-shot
 * results are reported ({@code mean +- ci95}).
 *
 * @param mean the mean accuracy, in [0, 1]
 * @param ci95 1.96 times the sample standard deviation (n - 1 in the denominator) over sqrt(n); 0 for one episode
 * @param episodes the number of episodes
 */
public record AccuracySummary(double mean, double ci95, int episodes) {

    /**
     * Summarises per-episode accuracies.
     *
     * @throws IllegalArgumentException if there are none
     */
    public static AccuracySummary of(double[] accuracies) {
        if (accuracies.length == 0) {
            throw new IllegalArgumentException("AccuracySummary: no episodes to summarise");
        }
        double mean = Arrays.stream(accuracies).sum() / accuracies.length;
        if (accuracies.length == 1) {
            return new AccuracySummary(mean, 0, 1);
        }
        double squares = 0;
        for (double accuracy : accuracies) {
            squares += (accuracy - mean) * (accuracy - mean);
        }
        double standardDeviation = Math.sqrt(squares / (accuracies.length - 1));
        return new AccuracySummary(mean, 1.96 * standardDeviation / Math.sqrt(accuracies.length), accuracies.length);
    }

    /** Returns the fields as a JSON object: {@code accuracy}, {@code ci95}, {@code episodes}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accuracy", mean);
        json.put("ci95", ci95);
        json.put("episodes", episodes);
        return json;
    }

    /**
     * Returns the summary as a percentage, such as {@code 88.12 +- 0.71% (600 episodes)}, or
     * {@code 80.00% (1 episode, no interval)}: one episode gives no standard deviation.
     */
    @Override
    public String toString() {
        if (episodes == 1) {
            return String.format(java.util.Locale.ROOT, "%.2f%% (1 episode, no interval)", 100 * mean);
        }
        return String.format(java.util.Locale.ROOT, "%.2f +- %.2f%% (%d episodes)", 100 * mean, 100 * ci95, episodes);
    }
}
