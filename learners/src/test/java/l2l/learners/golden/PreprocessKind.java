package l2l.learners.golden;

import java.util.Map;

import l2l.tensor.GradientPreprocessing;
import l2l.tensor.Tensor;

/** {@code preprocess}: the gradient preprocessing {@code x [n] -> out [n, 2]} with config {@code p}. */
final class PreprocessKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        return Map.of("out", GradientPreprocessing.preprocess(goldenCase.input("x"), goldenCase.configNumber("p")));
    }
}
