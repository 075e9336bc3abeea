package l2l.datasets.download;

import java.net.URI;
import java.nio.file.Path;

import l2l.datasets.DatasetException;

/**
 * The two full Omniglot archives as published in the repository brendenlake/omniglot, folder
 * {@code python/}, with their MD5 sums.
 *
 * <p>The MD5 sums are those listed by torchvision's Omniglot dataset ({@code zips_md5} in
 * {@code torchvision/datasets/omniglot.py} of pytorch/vision). No SHA-256 of these archives is
 * published there, so the download is checked with MD5, which catches truncated and corrupt
 * downloads but not deliberate tampering.
 */
public enum OmniglotArchive {
    /** {@code images_background.zip}: 30 alphabets, 964 characters, the usual meta-training source. */
    BACKGROUND("images_background.zip", Checksum.md5("68d2efa1b9178cc56df9314c21c6e718")),
    /** {@code images_evaluation.zip}: 20 alphabets, 659 characters. */
    EVALUATION("images_evaluation.zip", Checksum.md5("6b91aef0f799c5bb55b94e3f2daec811"));

    /** The published folder of both archives; GitHub redirects it to the file's storage host. */
    public static final URI PUBLISHED_FOLDER = URI.create("https://github.com/brendenlake/omniglot/raw/master/python/");

    /** The folder inside the cache that receives the archives, where the dataset listing looks for Omniglot. */
    public static final String CACHE_FOLDER = "omniglot";

    private final String fileName;
    private final Checksum checksum;

    OmniglotArchive(String fileName, Checksum checksum) {
        this.fileName = fileName;
        this.checksum = checksum;
    }

    /** Returns the archive's file name, such as {@code images_background.zip}. */
    public String fileName() {
        return fileName;
    }

    /** Returns the published checksum. */
    public Checksum checksum() {
        return checksum;
    }

    /** Returns where the archive goes in {@code cacheFolder}: {@code <cacheFolder>/omniglot/<file name>}. */
    public Path cachePath(Path cacheFolder) {
        return cacheFolder.resolve(CACHE_FOLDER).resolve(fileName);
    }

    /**
     * Downloads the archive from {@code folder} (normally {@link #PUBLISHED_FOLDER}, or a mirror
     * with the same file names) into the cache, unless it is already there and verified.
     *
     * @return the archive's path in the cache
     * @throws DatasetException when the download fails or the MD5 sum differs
     */
    public Path download(Downloader downloader, URI folder, Path cacheFolder) throws DatasetException {
        String base = folder.toString().endsWith("/") ? folder.toString() : folder + "/";
        return downloader.download(URI.create(base + fileName), cachePath(cacheFolder), checksum);
    }
}
