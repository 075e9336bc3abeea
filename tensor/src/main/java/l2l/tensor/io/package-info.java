/** Reading and writing tensors and the small JSON files that describe them. */
package l2l.tensor.io;
