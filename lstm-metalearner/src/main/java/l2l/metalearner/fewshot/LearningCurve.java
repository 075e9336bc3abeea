package l2l.metalearner.fewshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.metalearner.checkpoint.CheckpointException;

/**
 * The learning curve of a meta-training run: the mean meta-loss and query accuracy of the
 * training episodes between progress lines, and the validation accuracy at each validation.
 * It contains no timings, so a resumed run has the same curve as an uninterrupted one.
 */
public final class LearningCurve {

    /**
     * The means over the training episodes since the previous point.
     *
     * @param episode the number of episodes done
     * @param metaLoss the mean query loss
     * @param accuracy the mean query accuracy
     */
    public record TrainingPoint(long episode, double metaLoss, double accuracy) {
    }

    /**
     * A validation.
     *
     * @param episode the number of episodes done
     * @param accuracy the mean accuracy on the validation tasks
     * @param ci95 the half-width of its 95% confidence interval
     */
    public record ValidationPoint(long episode, double accuracy, double ci95) {
    }

    private final List<TrainingPoint> training = new ArrayList<>();
    private final List<ValidationPoint> validation = new ArrayList<>();

    /** Creates an empty curve. */
    public LearningCurve() {
    }

    /** Appends a training point. */
    public void addTraining(TrainingPoint point) {
        training.add(point);
    }

    /** Appends a validation point. */
    public void addValidation(ValidationPoint point) {
        validation.add(point);
    }

    /** Returns the training points in order. */
    public List<TrainingPoint> training() {
        return Collections.unmodifiableList(training);
    }

    /** Returns the validation points in order. */
    public List<ValidationPoint> validation() {
        return Collections.unmodifiableList(validation);
    }

    /** Returns a copy. */
    public LearningCurve copy() {
        LearningCurve copy = new LearningCurve();
        copy.training.addAll(training);
        copy.validation.addAll(validation);
        return copy;
    }

    /**
     * Returns the curve as JSON: {@code {"training": [{"episode", "meta_loss", "accuracy"}, ...],
     * "validation": [{"episode", "accuracy", "ci95"}, ...]}}.
     */
    public Map<String, Object> toJson() {
        List<Object> trainingJson = new ArrayList<>();
        for (TrainingPoint point : training) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("episode", point.episode());
            json.put("meta_loss", point.metaLoss());
            json.put("accuracy", point.accuracy());
            trainingJson.add(json);
        }
        List<Object> validationJson = new ArrayList<>();
        for (ValidationPoint point : validation) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("episode", point.episode());
            json.put("accuracy", point.accuracy());
            json.put("ci95", point.ci95());
            validationJson.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("training", trainingJson);
        json.put("validation", validationJson);
        return json;
    }

    /**
     * Reads a curve written by {@link #toJson()}.
     *
     * @throws CheckpointException if the layout differs
     */
    public static LearningCurve fromJson(Path file, Object value) throws CheckpointException {
        LearningCurve curve = new LearningCurve();
        Map<?, ?> json = object(file, "curve", value);
        for (Object entry : list(file, "curve.training", json.get("training"))) {
            Map<?, ?> point = object(file, "curve.training[]", entry);
            curve.addTraining(new TrainingPoint(whole(file, point, "episode"), number(file, point, "meta_loss"),
                    number(file, point, "accuracy")));
        }
        for (Object entry : list(file, "curve.validation", json.get("validation"))) {
            Map<?, ?> point = object(file, "curve.validation[]", entry);
            curve.addValidation(new ValidationPoint(whole(file, point, "episode"), number(file, point, "accuracy"),
                    number(file, point, "ci95")));
        }
        return curve;
    }

    private static Map<?, ?> object(Path file, String field, Object value) throws CheckpointException {
        if (!(value instanceof Map)) {
            throw new CheckpointException(file, "field '" + field + "' must be a JSON object, found " + value);
        }
        return (Map<?, ?>) value;
    }

    private static List<?> list(Path file, String field, Object value) throws CheckpointException {
        if (!(value instanceof List)) {
            throw new CheckpointException(file, "field '" + field + "' must be a JSON array, found " + value);
        }
        return (List<?>) value;
    }

    private static double number(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Number)) {
            throw new CheckpointException(file, "curve field '" + key + "' must be a number, found " + value);
        }
        return ((Number) value).doubleValue();
    }

    private static long whole(Path file, Map<?, ?> json, String key) throws CheckpointException {
        Object value = json.get(key);
        if (!(value instanceof Long)) {
            throw new CheckpointException(file, "curve field '" + key + "' must be a whole number, found " + value);
        }
        return (Long) value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LearningCurve that && training.equals(that.training) && validation.equals(that.validation);
    }

    @Override
    public int hashCode() {
        return 31 * training.hashCode() + validation.hashCode();
    }
}
