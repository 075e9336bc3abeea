package l2l.metalearner.problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import l2l.autodiff.Variable;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;

/**
 * The order in which a model's weights are laid out in its flat parameter vector: each block
 * follows the previous one, row-major. A learned optimizer sees only the flat vector; the model
 * cuts it back into weights with {@link #view}.
 *
 * <p>Example: a linear layer {@code weight [3, 4]} then {@code bias [3]} gives a vector of 15
 * coordinates, the weight at offsets 0-11 and the bias at 12-14.
 */
public final class ParameterLayout {

    private final List<ParameterBlock> blocks;
    private final Map<String, ParameterBlock> byName;
    private final int size;

    private ParameterLayout(List<ParameterBlock> blocks) {
        this.blocks = Collections.unmodifiableList(blocks);
        Map<String, ParameterBlock> index = new LinkedHashMap<>();
        for (ParameterBlock block : blocks) {
            index.put(block.name(), block);
        }
        this.byName = Collections.unmodifiableMap(index);
        this.size = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end();
    }

    /** Returns a builder that appends blocks in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the blocks in flat order. */
    public List<ParameterBlock> blocks() {
        return blocks;
    }

    /** Returns the number of coordinates of the flat vector. */
    public int size() {
        return size;
    }

    /**
     * Returns the block named {@code name}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the names there are
     */
    public ParameterBlock block(String name) {
        ParameterBlock block = byName.get(name);
        if (block == null) {
            throw new IllegalArgumentException("No parameter block named '" + name + "'; the layout has " + byName.keySet());
        }
        return block;
    }

    /**
     * Returns block {@code name} of the flat vector {@code parameters [size]}, reshaped to the
     * block's shape. The result is differentiable with respect to {@code parameters}.
     */
    public Variable view(Variable parameters, String name) {
        checkFlat(parameters.shape());
        ParameterBlock block = block(name);
        return parameters.slice(0, block.offset(), block.end()).reshape(block.shape());
    }

    /** Returns block {@code name} of the flat tensor {@code parameters [size]}, reshaped to the block's shape. */
    public Tensor view(Tensor parameters, String name) {
        checkFlat(parameters.shape());
        ParameterBlock block = block(name);
        return parameters.slice(0, block.offset(), block.end()).reshape(block.shape());
    }

    /** Returns every block of {@code parameters [size]} by name, in flat order. */
    public Map<String, Tensor> split(Tensor parameters) {
        Map<String, Tensor> parts = new LinkedHashMap<>();
        for (ParameterBlock block : blocks) {
            parts.put(block.name(), view(parameters, block.name()));
        }
        return parts;
    }

    /**
     * Returns the flat vector made of {@code parts}, one tensor per block.
     *
     * @throws IllegalArgumentException if a block is missing or has another shape
     */
    public Tensor join(Map<String, Tensor> parts) {
        double[] flat = new double[size];
        for (ParameterBlock block : blocks) {
            Tensor part = parts.get(block.name());
            if (part == null) {
                throw new IllegalArgumentException("join: missing parameter block '" + block.name() + "'");
            }
            if (!part.hasShape(block.shape())) {
                throw new IllegalArgumentException("join: block '" + block.name() + "' has shape " + Shapes.toString(part.shape())
                        + ", expected " + Shapes.toString(block.shape()));
            }
            part.copyTo(flat, block.offset());
        }
        return Tensor.of(flat, size);
    }

    private void checkFlat(int[] shape) {
        if (shape.length != 1 || shape[0] != size) {
            throw new IllegalArgumentException("Flat parameters have shape " + Shapes.toString(shape) + " but the layout needs [" + size
                    + "]");
        }
    }

    @Override
    public String toString() {
        return blocks.toString();
    }

    /** Appends blocks in flat order. */
    public static final class Builder {

        private final List<ParameterBlock> blocks = new ArrayList<>();
        private int offset;

        private Builder() {
        }

        /**
         * Appends a block after the previous ones.
         *
         * @throws IllegalArgumentException if the name is blank or already used, or a dimension is not positive
         */
        public Builder add(String name, int... shape) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Parameter block names must not be blank");
            }
            for (ParameterBlock block : blocks) {
                if (block.name().equals(name)) {
                    throw new IllegalArgumentException("Parameter block '" + name + "' is added twice");
                }
            }
            for (int dimension : shape) {
                if (dimension <= 0) {
                    throw new IllegalArgumentException("Parameter block '" + name + "' has shape " + Shapes.toString(shape)
                            + "; every dimension must be positive");
                }
            }
            ParameterBlock block = new ParameterBlock(name, shape, offset);
            blocks.add(block);
            offset = block.end();
            return this;
        }

        /** Returns the layout. */
        public ParameterLayout build() {
            return new ParameterLayout(new ArrayList<>(blocks));
        }
    }
}
