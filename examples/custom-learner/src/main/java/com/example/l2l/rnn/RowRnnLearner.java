package com.example.l2l.rnn;

import l2l.autodiff.NeuralOps;
import l2l.autodiff.Variable;
import l2l.metalearner.problem.Learner;
import l2l.metalearner.problem.LearnerInputs;
import l2l.metalearner.problem.ParameterLayout;
import l2l.tensor.Shapes;
import l2l.tensor.Tensor;
import l2l.tensor.TensorRandom;

/**
 * A recurrent classifier that reads an image {@code [1, H, W]} (or {@code [H, W]}) one row per
 * step, an Elman network with a tanh cell:
 *
 * <pre>
 * h_1 = tanh(x_1 W_in^T + b_in)
 * h_t = tanh(x_t W_in^T + b_in + h_{t-1} W_rec^T)   for t = 2..H
 * logits = h_H W_out^T + b_out
 * </pre>
 *
 * where {@code x_t [B, W]} is row t of every image. Flat order: {@code input.weight [hidden, W]},
 * {@code input.bias [hidden]}, {@code recurrent.weight [hidden, hidden]},
 * {@code output.weight [classes, hidden]}, {@code output.bias [classes]}, each row-major. Every
 * weight starts uniform in {@code +-1/sqrt(hidden)}, as in PyTorch's {@code nn.RNN}.
 */
public final class RowRnnLearner implements Learner {

    /** The name users select this learner by. */
    public static final String NAME = "row-rnn";

    private final int[] inputShape;
    private final int rows;
    private final int rowWidth;
    private final int hidden;
    private final int classes;
    private final ParameterLayout layout;

    /**
     * Creates the network for images of {@code inputShape} and {@code classes} classes.
     *
     * @throws IllegalArgumentException if the shape is neither {@code [1, H, W]} nor {@code [H, W]},
     *     or {@code hidden} or {@code classes} is too small
     */
    public RowRnnLearner(int[] inputShape, int classes, int hidden) {
        boolean image = inputShape.length == 2 || inputShape.length == 3 && inputShape[0] == 1;
        if (!image) {
            throw new IllegalArgumentException(NAME + ": expected one-channel images [1, H, W] or [H, W], got "
                    + Shapes.toString(inputShape));
        }
        if (hidden < 1 || classes < 2) {
            throw new IllegalArgumentException(NAME + ": needs at least 1 hidden unit and 2 classes, got " + hidden + " and " + classes);
        }
        this.inputShape = inputShape.clone();
        this.rows = inputShape[inputShape.length - 2];
        this.rowWidth = inputShape[inputShape.length - 1];
        this.hidden = hidden;
        this.classes = classes;
        this.layout = ParameterLayout.builder()
                .add("input.weight", hidden, rowWidth)
                .add("input.bias", hidden)
                .add("recurrent.weight", hidden, hidden)
                .add("output.weight", classes, hidden)
                .add("output.bias", classes)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public Tensor initialParameters(TensorRandom random) {
        double bound = 1 / Math.sqrt(hidden);
        return random.uniform(-bound, bound, layout.size());
    }

    @Override
    public Variable logits(Variable parameters, Tensor inputs) {
        LearnerInputs.requireBatch(NAME, inputShape, inputs);
        int[] shape = inputs.shape();
        Variable inputWeight = layout.view(parameters, "input.weight");
        Variable inputBias = layout.view(parameters, "input.bias");
        Variable recurrentWeight = layout.view(parameters, "recurrent.weight");

        int batch = shape[0];
        Tensor images = inputs.reshape(batch, rows, rowWidth);
        Variable state = null;
        for (int row = 0; row < rows; row++) {
            Variable x = Variable.constant(images.slice(1, row, row + 1).reshape(batch, rowWidth));
            Variable preActivation = NeuralOps.linear(x, inputWeight, inputBias);
            if (state != null) {
                preActivation = preActivation.add(state.matmulTransposed(recurrentWeight));
            }
            state = preActivation.tanh();
        }
        return NeuralOps.linear(state, layout.view(parameters, "output.weight"), layout.view(parameters, "output.bias"));
    }

    @Override
    public String toString() {
        return NAME + "(" + hidden + " hidden units, images " + Shapes.toString(inputShape) + ", " + classes + " classes, "
                + parameterCount() + " parameters)";
    }
}
