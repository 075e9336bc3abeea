/**
 * The service interfaces that learners and problem families implement, so the learned optimizers
 * never depend on a concrete model: {@link l2l.metalearner.problem.Learner} and its
 * {@link l2l.metalearner.problem.LearnerProvider} service, {@link l2l.metalearner.problem.Problem}
 * and {@link l2l.metalearner.problem.ProblemFamily}, and the flat
 * {@link l2l.metalearner.problem.ParameterLayout}.
 */
package l2l.metalearner.problem;
