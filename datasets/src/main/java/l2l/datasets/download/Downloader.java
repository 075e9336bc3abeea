package l2l.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.datasets.DatasetException;

/**
 * Downloads a file over HTTP or HTTPS into place, resumably and verified.
 *
 * <p>{@link #download} works in these steps:
 *
 * <ol>
 *   <li>If the target exists and matches the checksum, it is returned without a request.
 *   <li>Bytes go to {@code <target>.part}. When that file exists from an earlier, interrupted
 *       attempt, the request sets an HTTP {@code Range} header for the remaining bytes. A server
 *       that responds with the whole file instead is accepted, and the part file starts over.
 *   <li>When the connection breaks, the part file is kept, so that the next call resumes it.
 *   <li>The complete part file is checked against the checksum. On a match it is moved over the
 *       target atomically; on a mismatch it is deleted, because resuming a corrupt file cannot
 *       repair it. A server that responds to a resume request with 416 (Range Not Satisfiable) sends
 *       no bytes, and the part file as it is goes to this check.
 * </ol>
 *
 * Redirects are followed, as GitHub's download addresses require.
 */
public final class Downloader {

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

    private static final int BUFFER_SIZE = 1 << 16;

    private final HttpClient client;
    private final Duration requestTimeout;

    /** Creates a downloader that sends requests with {@code client}, each waiting at most {@code requestTimeout} for the response headers. */
    public Downloader(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** Returns a downloader with a 30-second connect timeout, a 60-second response timeout and redirects followed. */
    public static Downloader withDefaults() {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        return new Downloader(client, Duration.ofSeconds(60));
    }

    /** Returns whether {@code uri} is an absolute http or https URL with a host, the only kind {@link #download} accepts. */
    public static boolean isHttpUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    /**
     * Downloads {@code source} to {@code target} unless the target is already there with the
     * expected checksum; see the class documentation for the steps.
     *
     * @return {@code target}
     * @throws IllegalArgumentException when {@code source} is not an http or https URL with a host
     * @throws DatasetException when the host cannot be reached, the server responds with an error,
     *     the connection breaks (the part file is kept for resuming), or the checksum differs (the
     *     part file is deleted); the message names the failure and the next step
     */
    public Path download(URI source, Path target, Checksum expected) throws DatasetException {
        if (!isHttpUrl(source)) {
            throw new IllegalArgumentException("Downloader: the source must be an http or https URL with a host, got '" + source + "'");
        }
        if (Files.exists(target)) {
            Checksum actual = checksum(target, expected);
            if (actual.equals(expected)) {
                LOG.info("{} is already downloaded and matches {}", target, expected);
                return target;
            }
            throw new DatasetException(target, "exists, but its " + actual + " differs from the expected " + expected.hex()
                    + "; delete the file to download it again");
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new DatasetException(target, "failed to create the folder: " + e, e);
        }

        fetch(source, part, partSize(part));
        verifyAndMove(part, target, expected);
        return target;
    }

    /** Sends the request, from byte {@code offset} on when it is positive, and writes the body to {@code part}. */
    private void fetch(URI source, Path part, long offset) throws DatasetException {
        HttpRequest.Builder request = HttpRequest.newBuilder(source).timeout(requestTimeout).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
            LOG.info("Resuming the download of {} at byte {}", source, offset);
        } else {
            LOG.info("Downloading {}", source);
        }

        HttpResponse<InputStream> response = send(source, request.build());
        int status = response.statusCode();
        boolean append;
        if (status == 206 && offset > 0) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            if (!range.startsWith("bytes " + offset + "-")) {
                close(response);
                deleteQuietly(part);
                throw new DatasetException(source + ": the server responded to the request for bytes from " + offset + " with Content-Range '"
                        + range + "'; the partial file was deleted, run again to download from the start");
            }
            append = true;
        } else if (status == 416 && offset > 0) {
            // Range Not Satisfiable: the part file already has every byte, or is longer than the file.
            close(response);
            return;
        } else if (status == 200) {
            append = false;
        } else {
            close(response);
            throw new DatasetException(source + ": the server responded with HTTP status " + status
                    + "; check the address, or try again later");
        }

        long expectedBytes = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long received = copy(source, response, part, append, offset);
        if (expectedBytes >= 0 && received < expectedBytes) {
            long partBytes = partSize(part);
            throw new DatasetException(source + ": the connection closed after " + received + " of " + expectedBytes
                    + " bytes; " + partBytes + " bytes are kept in " + part + ", run again to resume");
        }
    }

    private HttpResponse<InputStream> send(URI source, HttpRequest request) throws DatasetException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new DatasetException("Cannot reach " + source.getHost() + " to download " + source + " (" + e
                    + "); check the internet connection and proxy settings, or copy the file into place by hand", e);
        } catch (IOException e) {
            throw new DatasetException("Download of " + source + " failed: " + e + "; check the internet connection and try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("Download of " + source + " was interrupted", e);
        }
    }

    /** Copies the response body into {@code part} and returns how many bytes arrived. */
    private static long copy(URI source, HttpResponse<InputStream> response, Path part, boolean append, long offset)
            throws DatasetException {
        long received = 0;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                received += read;
            }
        } catch (IOException e) {
            long partBytes = partSize(part);
            throw new DatasetException(source + ": the download broke off after " + received + " bytes (" + e + "); " + partBytes
                    + " bytes are kept in " + part + ", run again to resume", e);
        }
        LOG.debug("Received {} bytes of {} ({} before this request)", received, source, append ? offset : 0);
        return received;
    }

    private static void verifyAndMove(Path part, Path target, Checksum expected) throws DatasetException {
        Checksum actual = checksum(part, expected);
        if (!actual.equals(expected)) {
            deleteQuietly(part);
            throw new DatasetException(target, "the downloaded file's " + actual + " differs from the expected " + expected.hex()
                    + "; the file was deleted, run again to download it from the start");
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException(target, "failed to move the verified download " + part + " into place: " + e, e);
        }
        LOG.info("Downloaded {} ({})", target, expected);
    }

    private static Checksum checksum(Path file, Checksum expected) throws DatasetException {
        try {
            return expected.compute(file);
        } catch (IOException e) {
            throw new DatasetException(file, "failed to read the file to check its " + expected.algorithm() + ": " + e, e);
        }
    }

    private static long partSize(Path part) {
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            LOG.debug("Closing an unused response body failed", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Failed to delete {}: {}", file, e.toString());
        }
    }
}
