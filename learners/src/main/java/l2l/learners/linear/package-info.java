/** Softmax regression, the learner {@code softmax}: one linear layer from the flattened input to the class logits. */
package l2l.learners.linear;
