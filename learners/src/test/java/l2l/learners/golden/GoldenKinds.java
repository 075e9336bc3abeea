package l2l.learners.golden;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table of golden-case kinds the project computes. To support a new kind, write a
 * {@link GoldenKind} and add it to {@link #IMPLEMENTED}; a case of any other kind fails.
 */
final class GoldenKinds {

    static final Map<String, GoldenKind> IMPLEMENTED = implemented();

    private GoldenKinds() {
    }

    private static Map<String, GoldenKind> implemented() {
        Map<String, GoldenKind> kinds = new LinkedHashMap<>();
        kinds.put("preprocess", new PreprocessKind());
        kinds.put("lstm_cell", new LstmCellKind());
        kinds.put("learner.conv_block_net", new ConvBlockNetKind());
        kinds.put("l2l.optimizer_step", new OptimizerStepKind());
        kinds.put("l2l.meta_gradient.quadratic", new QuadraticMetaGradientKind());
        kinds.put("metalstm.cell_step", new MetaCellStepKind());
        kinds.put("metalstm.meta_gradient.softmax", new MetaGradientSoftmaxKind());
        return Map.copyOf(kinds);
    }
}
