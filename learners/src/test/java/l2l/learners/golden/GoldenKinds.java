package l2l.learners.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The table of golden-case kinds: those the project computes, and those whose code has not been
 * written yet. To support a kind, write a {@link GoldenKind} and move its name from
 * {@link #PENDING} to {@link #IMPLEMENTED}.
 */
final class GoldenKinds {

    static final Map<String, GoldenKind> IMPLEMENTED = implemented();

    /** Kinds that arrive with the learned optimizers; their cases are reported as skipped, never as passed. */
    static final Set<String> PENDING = Set.of(
            "l2l.optimizer_step",
            "l2l.meta_gradient.quadratic");

    private GoldenKinds() {
    }

    private static Map<String, GoldenKind> implemented() {
        Map<String, GoldenKind> kinds = new LinkedHashMap<>();
        kinds.put("preprocess", new PreprocessKind());
        kinds.put("lstm_cell", new LstmCellKind());
        kinds.put("learner.conv_block_net", new ConvBlockNetKind());
        kinds.put("metalstm.cell_step", new MetaCellStepKind());
        kinds.put("metalstm.meta_gradient.softmax", new MetaGradientSoftmaxKind());
        return Map.copyOf(kinds);
    }
}
