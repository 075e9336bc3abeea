package l2l.datasets.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 with an ephemeral port, started by a test, that serves one body under
 * several paths, each misbehaving in its own way. It records every request's path and Range header.
 */
final class LoopbackServer implements AutoCloseable {

    /** One recorded request: the path and the Range header, or null without one. */
    record Request(String path, String range) {
    }

    private final HttpServer server;
    private final byte[] body;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int cutsRemaining;

    LoopbackServer(byte[] body) throws IOException {
        this.body = body.clone();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Makes the next {@code count} requests to {@code /flaky} break off after half of the body. */
    void cutNext(int count) {
        cutsRemaining = count;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        try (exchange) {
            if (path.endsWith("/file") || path.endsWith(".zip")) {
                sendRange(exchange, range);
            } else if (path.endsWith("/corrupt")) {
                byte[] corrupt = body.clone();
                corrupt[corrupt.length / 3] ^= 0x01;
                send(exchange, 200, corrupt, 0);
            } else if (path.endsWith("/flaky")) {
                if (cutsRemaining > 0) {
                    cutsRemaining--;
                    cut(exchange);
                } else {
                    sendRange(exchange, range);
                }
            } else if (path.endsWith("/ignores-range")) {
                send(exchange, 200, body, 0);
            } else if (path.endsWith("/moved")) {
                exchange.getResponseHeaders().add("Location", "/file");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** Responds with the whole body, or with the bytes from the start of a {@code bytes=<start>-} range. */
    private void sendRange(HttpExchange exchange, String range) throws IOException {
        if (range == null) {
            send(exchange, 200, body, 0);
            return;
        }
        int start = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        if (start >= body.length) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
        send(exchange, 206, body, start);
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes, int start) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length - start);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, start, bytes.length - start);
        }
    }

    /** Declares the full length, sends half of the body, then drops the connection by failing the handler. */
    private void cut(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new IOException("connection cut by the test server");
    }
}
