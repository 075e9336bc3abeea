/**
 * The IDX format of MNIST and Fashion-MNIST: headers, arrays, and
 * {@link l2l.datasets.idx.MnistFolder} for a folder with the four standard files.
 */
package l2l.datasets.idx;
