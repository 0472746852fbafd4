package io.lunglens.pacs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of the real Orthanc, as hospitals put one in front of their PACS. It forwards every
 * request unchanged and, right after it has passed on the n-th image, stops Orthanc: the next request finds the
 * server gone (502 Bad Gateway), which is how a PACS stopping in the middle of a scan looks behind a proxy.
 */
public final class StoppingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public StoppingProxy(Orthanc orthanc, int stopAfterImages) throws IOException {
        URI target = orthanc.dicomWeb();
        AtomicInteger images = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                forward(exchange, target);
                boolean image = exchange.getRequestURI().getPath().matches(".*/instances/[0-9.]+");
                if (image && images.incrementAndGet() == stopAfterImages) {
                    orthanc.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public URI dicomWeb() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
    }

    private void forward(HttpExchange exchange, URI target) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath().replaceFirst("^/dicom-web", "");
        String query = exchange.getRequestURI().getRawQuery();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                        exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                v.forEach(value -> b.header(k, value));
            }
        });
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        r.headers().map().forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                exchange.getResponseHeaders().put(k, v);
            }
        });
        exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(r.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
