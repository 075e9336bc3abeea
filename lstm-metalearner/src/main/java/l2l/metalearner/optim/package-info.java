/**
 * The {@link l2l.metalearner.optim.Optimizer} interface and the hand-designed optimizers the
 * learned ones are compared with: SGD, momentum, Nesterov (NAG), RMSprop and Adam, each with
 * PyTorch's update rule and defaults.
 */
package l2l.metalearner.optim;
