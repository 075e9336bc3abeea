package l2l.metalearner.coordinatewise;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * The weights of a coordinate-wise LSTM optimizer, named and shaped as PyTorch's
 * {@code nn.LSTMCell} and {@code nn.Linear} name theirs, so that a PyTorch user can load them:
 *
 * <pre>
 * lstm0.weight_ih [4H, I]   lstm0.weight_hh [4H, H]   lstm0.bias_ih [4H]   lstm0.bias_hh [4H]
 * lstm1.weight_ih [4H, H]   lstm1.weight_hh [4H, H]   lstm1.bias_ih [4H]   lstm1.bias_hh [4H]
 * out.weight [1, H]         out.bias [1]
 * </pre>
 *
 * with {@code H} the hidden size and {@code I} the input size (2 with preprocessing, 1 without).
 * The gate blocks are in PyTorch's order: input, forget, cell, output. None of the shapes depends
 * on the number of coordinates optimized. {@link #flatten()} concatenates the tensors in the order
 * of {@link #names()}, row-major; with H = 20 and I = 2 that is 5,301 numbers.
 *
 * <p>Instances are immutable.
 */
public final class LstmOptimizerWeights {

    private static final List<String> NAMES = List.of(
            "lstm0.weight_ih", "lstm0.weight_hh", "lstm0.bias_ih", "lstm0.bias_hh",
            "lstm1.weight_ih", "lstm1.weight_hh", "lstm1.bias_ih", "lstm1.bias_hh",
            "out.weight", "out.bias");

    private final LstmOptimizerConfig config;
    private final Map<String, Tensor> tensors;

    private LstmOptimizerWeights(LstmOptimizerConfig config, Map<String, Tensor> tensors) {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Returns the weight names in flat order. */
    public static List<String> names() {
        return NAMES;
    }

    /** Returns the shape of weight {@code name} for {@code config}. */
    public static int[] shape(LstmOptimizerConfig config, String name) {
        int hidden = config.hiddenSize();
        int gates = 4 * hidden;
        switch (name) {
            case "lstm0.weight_ih":
                return new int[] {gates, config.inputSize()};
            case "lstm0.weight_hh":
            case "lstm1.weight_ih":
            case "lstm1.weight_hh":
                return new int[] {gates, hidden};
            case "lstm0.bias_ih":
            case "lstm0.bias_hh":
            case "lstm1.bias_ih":
            case "lstm1.bias_hh":
                return new int[] {gates};
            case "out.weight":
                return new int[] {1, hidden};
            case "out.bias":
                return new int[] {1};
            default:
                throw new IllegalArgumentException("No LSTM optimizer weight named '" + name + "'; the weights are " + NAMES);
        }
    }

    /** Returns the total number of weights for {@code config}. */
    public static int count(LstmOptimizerConfig config) {
        int total = 0;
        for (String name : NAMES) {
            total += Shapes.size(shape(config, name));
        }
        return total;
    }

    /**
     * Returns weights initialised as PyTorch initialises {@code LSTMCell} and {@code Linear}:
     * every element uniform in {@code [-1/sqrt(H), 1/sqrt(H))}, drawn in the order of
     * {@link #names()}.
     */
    public static LstmOptimizerWeights initialize(LstmOptimizerConfig config, TensorRandom random) {
        double bound = 1 / Math.sqrt(config.hiddenSize());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : NAMES) {
            tensors.put(name, random.uniform(-bound, bound, shape(config, name)));
        }
        return new LstmOptimizerWeights(config, tensors);
    }

    /**
     * Returns weights from tensors by name.
     *
     * @throws IllegalArgumentException if a weight is missing, has another shape than
     *     {@code config} needs, or holds a non-finite value
     */
    public static LstmOptimizerWeights of(LstmOptimizerConfig config, Map<String, Tensor> tensors) {
        Map<String, Tensor> checked = new LinkedHashMap<>();
        for (String name : NAMES) {
            Tensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("LSTM optimizer weights: missing '" + name + "'; given " + tensors.keySet());
            }
            int[] expected = shape(config, name);
            if (!tensor.hasShape(expected)) {
                throw new IllegalArgumentException("LSTM optimizer weights: '" + name + "' has shape " + Shapes.toString(tensor.shape())
                        + " but " + config.describe() + " needs " + Shapes.toString(expected));
            }
            if (!tensor.isFinite()) {
                throw new IllegalArgumentException("LSTM optimizer weights: '" + name + "' holds a NaN or infinite value");
            }
            checked.put(name, tensor);
        }
        if (tensors.size() != NAMES.size()) {
            throw new IllegalArgumentException("LSTM optimizer weights: expected exactly " + NAMES + ", given " + tensors.keySet());
        }
        return new LstmOptimizerWeights(config, checked);
    }

    /**
     * Returns weights cut from a flat vector laid out as {@link #flatten()} writes it.
     *
     * @throws IllegalArgumentException if {@code flat} is not {@code [count(config)]} or holds a
     *     non-finite value
     */
    public static LstmOptimizerWeights fromFlat(LstmOptimizerConfig config, Tensor flat) {
        int total = count(config);
        if (!flat.hasShape(total)) {
            throw new IllegalArgumentException("LSTM optimizer weights: flat vector has shape " + Shapes.toString(flat.shape()) + " but "
                    + config.describe() + " has " + total + " weights");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int offset = 0;
        for (String name : NAMES) {
            int[] shape = shape(config, name);
            int size = Shapes.size(shape);
            tensors.put(name, flat.slice(0, offset, offset + size).reshape(shape));
            offset += size;
        }
        return of(config, tensors);
    }

    /** Returns the configuration these weights were made for. */
    public LstmOptimizerConfig config() {
        return config;
    }

    /** Returns weight {@code name}. */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("No LSTM optimizer weight named '" + name + "'; the weights are " + NAMES);
        }
        return tensor;
    }

    /** Returns the weights by name, in the order of {@link #names()}. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Returns all weights as one vector, in the order of {@link #names()}, each row-major. */
    public Tensor flatten() {
        double[] flat = new double[count(config)];
        int offset = 0;
        for (String name : NAMES) {
            Tensor tensor = tensors.get(name);
            tensor.copyTo(flat, offset);
            offset += tensor.size();
        }
        return Tensor.of(flat, flat.length);
    }

    /** Returns whether both have the same configuration and bitwise equal weights. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LstmOptimizerWeights that && config.equals(that.config) && tensors.equals(that.tensors);
    }

    @Override
    public int hashCode() {
        return 31 * config.hashCode() + tensors.hashCode();
    }

    @Override
    public String toString() {
        return "LstmOptimizerWeights[" + config.describe() + ", " + count(config) + " weights]";
    }
}
