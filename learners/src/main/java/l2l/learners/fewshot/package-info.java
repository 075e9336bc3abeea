/**
 * The few-shot convolutional network {@code conv4} ({@link l2l.learners.fewshot.ConvNetLearner}),
 * and few-shot tasks drawn from dataset episodes ({@link l2l.learners.fewshot.EpisodeTasks}).
 */
package l2l.learners.fewshot;
