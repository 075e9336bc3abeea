/**
 * An example learner for l2l in a module of its own: {@link com.example.l2l.rnn.RowRnnLearner}, a
 * recurrent network that reads an image one pixel row per step. The {@code provides} clause is
 * all the l2l command line needs to find it when the jar is on its module path.
 */
module com.example.l2l.rnn {
    requires transitive l2l.metalearner;

    exports com.example.l2l.rnn;

    provides l2l.metalearner.problem.LearnerProvider with com.example.l2l.rnn.RowRnnProvider;
}
