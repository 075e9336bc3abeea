package l2l.metalearner.problem;

import java.util.Arrays;

import l2l.tensor.Shapes;

/**
 * One named weight inside a flat parameter vector.
 *
 * @param name the weight's name, such as {@code block0.conv.weight}
 * @param shape the weight's shape, such as {@code [32, 1, 3, 3]}
 * @param offset the position of its first element in the flat vector
 */
public record ParameterBlock(String name, int[] shape, int offset) {

    /** Copies the shape so the record stays immutable. */
    public ParameterBlock {
        shape = shape.clone();
    }

    /** Returns a copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Returns the number of elements. */
    public int size() {
        return Shapes.size(shape);
    }

    /** Returns the position one past its last element. */
    public int end() {
        return offset + size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterBlock that && name.equals(that.name) && Arrays.equals(shape, that.shape)
                && offset == that.offset;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + offset;
    }

    @Override
    public String toString() {
        return name + Shapes.toString(shape) + "@" + offset;
    }
}
