/**
 * The meta-learner LSTM of Ravi and Larochelle (2017), "Optimization as a model for few-shot
 * learning": the {@link l2l.metalearner.fewshot.MetaCell cell} that updates a learner's parameters
 * like a cell state, adaptation to a task's support set ({@link l2l.metalearner.fewshot.MetaLearner}),
 * meta-training ({@link l2l.metalearner.fewshot.MetaTrainer}), evaluation with confidence intervals,
 * fine-tuning and nearest-neighbour baselines, and checkpoints.
 */
package l2l.metalearner.fewshot;
