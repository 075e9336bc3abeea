package l2l.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An expected file digest: a {@link MessageDigest} algorithm name and the digest in hexadecimal.
 * SHA-256 is preferred; MD5 serves where a publisher lists only MD5 sums, and it still detects
 * truncated and corrupt downloads, but not deliberate tampering.
 *
 * @param algorithm the algorithm, {@code SHA-256} or {@code MD5}
 * @param hex the digest in lower-case hexadecimal
 */
public record Checksum(String algorithm, String hex) {

    private static final int BUFFER_SIZE = 1 << 16;

    /** Normalises the digest to lower case and checks that its length fits the algorithm. */
    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        hex = hex.toLowerCase(Locale.ROOT);
        int expectedLength = 2 * digest(algorithm).getDigestLength();
        if (hex.length() != expectedLength || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("Checksum: a " + algorithm + " digest is " + expectedLength + " hexadecimal digits, got '"
                    + hex + "'");
        }
    }

    /** Returns a SHA-256 checksum. */
    public static Checksum sha256(String hex) {
        return new Checksum("SHA-256", hex);
    }

    /** Returns an MD5 checksum. */
    public static Checksum md5(String hex) {
        return new Checksum("MD5", hex);
    }

    /** Computes the digest of {@code file} with this checksum's algorithm. */
    public Checksum compute(Path file) throws IOException {
        MessageDigest digest = digest(algorithm);
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return new Checksum(algorithm, HexFormat.of().formatHex(digest.digest()));
    }

    /** Returns the algorithm and digest, such as {@code MD5 68d2efa1b9178cc56df9314c21c6e718}. */
    @Override
    public String toString() {
        return algorithm + " " + hex;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Checksum: unknown digest algorithm '" + algorithm + "'; use SHA-256 or MD5", e);
        }
    }
}
