package l2l.metalearner.fewshot;

/**
 * The nearest-neighbour baseline in input space: every query gets the label of the support
 * example at the smallest Euclidean distance (pixel distance for images); among equally near
 * examples the first in support order wins.
 */
public final class PixelNearestNeighbour {

    private PixelNearestNeighbour() {
    }

    /** Returns the label predicted for every query of the task. */
    public static int[] predict(FewShotTask task) {
        int supportCount = task.support().dim(0);
        int queryCount = task.query().dim(0);
        int features = task.support().size() / supportCount;
        double[] support = task.support().toArray();
        double[] query = task.query().toArray();
        int[] supportLabels = task.supportLabels();
        int[] predictions = new int[queryCount];
        for (int q = 0; q < queryCount; q++) {
            double bestDistance = Double.POSITIVE_INFINITY;
            int best = 0;
            for (int s = 0; s < supportCount; s++) {
                double distance = 0;
                for (int k = 0; k < features; k++) {
                    double difference = query[q * features + k] - support[s * features + k];
                    distance += difference * difference;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = s;
                }
            }
            predictions[q] = supportLabels[best];
        }
        return predictions;
    }

    /** Returns the fraction of the task's queries whose nearest support example has their label. */
    public static double accuracy(FewShotTask task) {
        int[] predictions = predict(task);
        int[] labels = task.queryLabels();
        int correct = 0;
        for (int q = 0; q < labels.length; q++) {
            if (predictions[q] == labels[q]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
