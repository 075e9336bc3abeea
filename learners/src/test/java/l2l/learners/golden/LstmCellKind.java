package l2l.learners.golden;

import java.util.Map;

import l2l.autodiff.Lstm;
import l2l.autodiff.Variable;
import l2l.tensor.Tensor;

/** {@code lstm_cell}: one step of the fused LSTM cell, {@code (x, h, c) -> (h_next, c_next)}. */
final class LstmCellKind implements GoldenKind {

    @Override
    public Map<String, Tensor> compute(GoldenCase goldenCase) {
        Lstm.State state = Lstm.cell(
                Variable.constant(goldenCase.input("x")),
                Variable.constant(goldenCase.input("h")),
                Variable.constant(goldenCase.input("c")),
                Variable.constant(goldenCase.input("weight_ih")),
                Variable.constant(goldenCase.input("weight_hh")),
                Variable.constant(goldenCase.input("bias_ih")),
                Variable.constant(goldenCase.input("bias_hh")));
        return Map.of("h_next", state.h().value(), "c_next", state.c().value());
    }
}
