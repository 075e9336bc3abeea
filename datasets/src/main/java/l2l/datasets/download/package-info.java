/**
 * Resumable downloads verified by checksum ({@link l2l.datasets.download.Downloader}), and the
 * Omniglot archives they fetch.
 */
package l2l.datasets.download;
