package l2l.cli.bench;

import java.util.Arrays;

/**
 * The LSTM gate products of one workload run: for every cell, one product
 * {@code [rows, depth] x [depth, gateWidth]} per step and pass, with {@code depth} the cell's input
 * size plus its hidden size and {@code gateWidth = 4H}.
 *
 * <p>A pass is one product of that size: the forward pass computes one per cell and step, and a
 * backward pass two more (the gradient of the cell's inputs and the gradient of its weights), so
 * {@code passes} is 1 without and 3 with a meta-gradient. The count leaves out the gate
 * arithmetic and any product that a backward pass recomputes.
 *
 * @param rows the coordinates n, one row each
 * @param depths the depth of each cell's product, {@code I + H}
 * @param gateWidth the gate columns {@code 4H}
 * @param steps the steps of one run
 * @param passes the products per cell and step: 1 forward only, 3 with the backward pass
 */
record LstmProducts(int rows, int[] depths, int gateWidth, int steps, int passes) {

    LstmProducts {
        depths = depths.clone();
    }

    /** Returns the floating-point operations of one run's products, {@code 2 rows depth gateWidth} each. */
    double flops() {
        double total = 0;
        for (int depth : depths) {
            total += 2.0 * rows * depth * gateWidth;
        }
        return total * steps * passes;
    }

    /** Returns the shapes, such as {@code [15910, 22|40] x [22|40, 80]}. */
    String describe() {
        String joined = String.join("|", Arrays.stream(depths).mapToObj(Integer::toString).toList());
        return "[" + rows + ", " + joined + "] x [" + joined + ", " + gateWidth + "]";
    }
}
