package l2l.datasets.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.datasets.DatasetException;

class DownloaderTest {

    private static final int SIZE = 300_000;

    private final byte[] body = new byte[SIZE];
    private final Downloader downloader = Downloader.withDefaults();

    private LoopbackServer server;
    private Checksum sha256;

    @TempDir
    Path cache;

    @BeforeEach
    void startServer() throws IOException {
        new Random(3).nextBytes(body);
        server = new LoopbackServer(body);
        Path reference = Files.write(cache.resolve("reference"), body);
        sha256 = Checksum.sha256("0".repeat(64)).compute(reference);
        Files.delete(reference);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadWritesVerifiedFile() throws DatasetException, IOException {
        Path target = cache.resolve("data.bin");

        Path result = downloader.download(server.uri("/file"), target, sha256);

        assertThat(result).isEqualTo(target);
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(cache.resolve("data.bin.part")).doesNotExist();
    }

    @Test
    void verifiedFileIsNotFetchedAgain() throws DatasetException {
        Path target = cache.resolve("data.bin");
        downloader.download(server.uri("/file"), target, sha256);

        downloader.download(server.uri("/file"), target, sha256);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void redirectIsFollowed() throws DatasetException, IOException {
        Path target = cache.resolve("data.bin");

        downloader.download(server.uri("/moved"), target, sha256);

        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(server.requests()).extracting(LoopbackServer.Request::path).containsExactly("/moved", "/file");
    }

    @Test
    void corruptBodyIsDeleted() {
        Path target = cache.resolve("data.bin");

        assertThatThrownBy(() -> downloader.download(server.uri("/corrupt"), target, sha256))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(target + ": the downloaded file's SHA-256 ")
                .hasMessageEndingWith(" differs from the expected " + sha256.hex()
                        + "; the file was deleted, run again to download it from the start");
        assertThat(target).doesNotExist();
        assertThat(cache.resolve("data.bin.part")).doesNotExist();
    }

    @Test
    void cutDownloadResumesWithRange() throws DatasetException, IOException {
        Path target = cache.resolve("data.bin");
        Path part = cache.resolve("data.bin.part");
        server.cutNext(1);

        assertThatThrownBy(() -> downloader.download(server.uri("/flaky"), target, sha256))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(server.uri("/flaky") + ": the download broke off after ")
                .hasMessageEndingWith(" bytes are kept in " + part + ", run again to resume");
        long partBytes = Files.size(part);
        assertThat(partBytes).isPositive().isLessThan(SIZE);
        assertThat(target).doesNotExist();

        downloader.download(server.uri("/flaky"), target, sha256);

        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(part).doesNotExist();
        assertThat(server.requests().get(1).range()).isEqualTo("bytes=" + partBytes + "-");
    }

    @Test
    void serverIgnoringRangeRestarts() throws DatasetException, IOException {
        Path target = cache.resolve("data.bin");
        Files.write(cache.resolve("data.bin.part"), new byte[] {1, 2, 3});

        downloader.download(server.uri("/ignores-range"), target, sha256);

        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(server.requests().get(0).range()).isEqualTo("bytes=3-");
    }

    @Test
    void completePartFileIsVerifiedAfter416() throws DatasetException, IOException {
        Path target = cache.resolve("data.bin");
        Files.write(cache.resolve("data.bin.part"), body);

        downloader.download(server.uri("/file"), target, sha256);

        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(server.requests().get(0).range()).isEqualTo("bytes=" + SIZE + "-");
    }

    @Test
    void httpErrorIsReported() {
        URI missing = server.uri("/missing");

        assertThatThrownBy(() -> downloader.download(missing, cache.resolve("data.bin"), sha256))
                .isInstanceOf(DatasetException.class)
                .hasMessage(missing + ": the server responded with HTTP status 404; check the address, or try again later");
    }

    @Test
    void unreachableHostIsReported() {
        URI file = server.uri("/file");
        server.close();

        assertThatThrownBy(() -> downloader.download(file, cache.resolve("data.bin"), sha256))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Cannot reach 127.0.0.1 to download " + file)
                .hasMessageEndingWith("check the internet connection and proxy settings, or copy the file into place by hand");
    }

    @Test
    void nonHttpSourceIsRejected() {
        Path target = cache.resolve("data.bin");

        for (String source : new String[] {"file:///tmp/data.bin", "data.bin", "ftp://127.0.0.1/data.bin", "http:data.bin"}) {
            assertThatThrownBy(() -> downloader.download(URI.create(source), target, sha256))
                    .as(source)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Downloader: the source must be an http or https URL with a host, got '" + source + "'");
        }
        assertThat(target).doesNotExist();
        assertThat(cache.resolve("data.bin.part")).doesNotExist();
    }

    @Test
    void httpUrlNeedsSchemeAndHost() {
        assertThat(Downloader.isHttpUrl(server.uri("/file"))).isTrue();
        assertThat(Downloader.isHttpUrl(URI.create("HTTPS://example.org/python/"))).isTrue();
        assertThat(Downloader.isHttpUrl(URI.create("file:///tmp/python/"))).isFalse();
        assertThat(Downloader.isHttpUrl(URI.create("python/"))).isFalse();
        assertThat(Downloader.isHttpUrl(URI.create("http:///python/"))).isFalse();
    }

    @Test
    void existingMismatchedFileIsKept() throws IOException {
        Path target = Files.write(cache.resolve("data.bin"), new byte[] {9});

        assertThatThrownBy(() -> downloader.download(server.uri("/file"), target, sha256))
                .isInstanceOf(DatasetException.class)
                .hasMessageEndingWith("; delete the file to download it again");
        assertThat(Files.readAllBytes(target)).containsExactly(9);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void omniglotArchiveGoesToCacheFolder() {
        // The served bytes are not the real archive, so the published MD5 sum rejects them.
        URI mirror = server.uri("/python");
        Path expected = cache.resolve("omniglot").resolve("images_background.zip");

        assertThatThrownBy(() -> OmniglotArchive.BACKGROUND.download(downloader, mirror, cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(expected + ": the downloaded file's MD5 ")
                .hasMessageContaining("differs from the expected 68d2efa1b9178cc56df9314c21c6e718");
        assertThat(server.requests()).extracting(LoopbackServer.Request::path).containsExactly("/python/images_background.zip");
    }
}
