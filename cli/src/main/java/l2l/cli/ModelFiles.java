package l2l.cli;

import java.nio.file.Path;

import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.checkpoint.Checkpoints;
import l2l.metalearner.coordinatewise.LstmOptimizerCheckpoints;
import l2l.metalearner.fewshot.FewShotCheckpoints;
import l2l.metalearner.problem.LearnerProviders;

/**
 * Reads the two kinds of model file, and reports a file of the other kind with the command that
 * takes it: {@code l2l train} writes learned optimizers, which {@code l2l compare} measures, and
 * {@code l2l fewshot train} writes few-shot models, which {@code l2l fewshot eval} measures.
 */
final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * Reads the learned optimizer in {@code file}, for {@code use} such as {@code compare}.
     *
     * @throws CheckpointException if the file is unusable; a few-shot model is named as such, with
     *     the command that evaluates it
     */
    static LstmOptimizerCheckpoints.Saved readOptimizer(Path file, String use) throws CheckpointException {
        try {
            return LstmOptimizerCheckpoints.read(file);
        } catch (CheckpointException e) {
            if (hasKind(file, FewShotCheckpoints.KIND)) {
                throw new CheckpointException(file, "is a few-shot model from 'l2l fewshot train', but " + use + " takes a learned "
                        + "optimizer from 'l2l train'. Evaluate a few-shot model with 'l2l fewshot eval --model " + file + "'", e);
            }
            throw e;
        }
    }

    /**
     * Reads the few-shot model in {@code file} for {@code l2l fewshot eval}.
     *
     * @throws CheckpointException if the file is unusable; a learned optimizer is named as such,
     *     with the command that compares it
     */
    static FewShotCheckpoints.LoadedModel readFewShotModel(Path file, LearnerProviders providers) throws CheckpointException {
        try {
            return FewShotCheckpoints.readModel(file, providers);
        } catch (CheckpointException e) {
            if (hasKind(file, LstmOptimizerCheckpoints.KIND)) {
                throw new CheckpointException(file, "is a learned optimizer from 'l2l train', but fewshot eval takes a few-shot model "
                        + "from 'l2l fewshot train'. Compare a learned optimizer with tuned baselines with 'l2l compare --checkpoint "
                        + file + " --out DIR'", e);
            }
            throw e;
        }
    }

    /** Returns whether {@code file} is a readable checkpoint of {@code kind}; only called after a read failed. */
    private static boolean hasKind(Path file, String kind) {
        try {
            Checkpoints.read(file, kind);
            return true;
        } catch (CheckpointException e) {
            return false;
        }
    }
}
