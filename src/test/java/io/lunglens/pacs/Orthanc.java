package io.lunglens.pacs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Orthanc PACS with its DICOMweb plugin (Debian packages orthanc, orthanc-dicomweb, installed by
 * installer/setup-debian.sh), on a free loopback port, with its own configuration and storage in a test folder.
 * Started and stopped by the test; {@link #restart()} brings it back on the same port and storage.
 */
public final class Orthanc implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    static final List<Path> PLUGINS = List.of(Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so"),
            Path.of("/usr/lib/orthanc/libOrthancDicomWeb.so.1.7"));
    public static final String USER = "radiology";
    public static final String PASSWORD = "correct-horse-battery";

    private final Path dir;
    private final Path config;
    private final int port;
    private final List<String> log = new ArrayList<>();
    private Process process;

    private Orthanc(Path dir, int port) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("orthanc.json");
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Files.writeString(config, """
                {
                  "Name": "LungLensTest",
                  "HttpPort": %d,
                  "DicomServerEnabled": false,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": true,
                  "RegisteredUsers": { "%s": "%s" },
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "Plugins": [ "%s" ],
                  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" }
                }
                """.formatted(port, USER, PASSWORD, storage, storage, plugin()));
    }

    /** Starts Orthanc in dir; skips the test, saying why, only when Orthanc is not installed. */
    public static Orthanc start(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(BINARY) && PLUGINS.stream().anyMatch(Files::isRegularFile),
                "Orthanc or its DICOMweb plugin is not installed (run installer/setup-debian.sh)");
        Orthanc o = new Orthanc(dir, freePort());
        o.launch();
        return o;
    }

    private static Path plugin() {
        return PLUGINS.stream().filter(Files::isRegularFile).findFirst().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs Orthanc and returns once it said it started and answers /system. */
    private void launch() throws Exception {
        process = new ProcessBuilder(BINARY.toString(), config.toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        Process child = process;
        // A test JVM that is killed leaves no Orthanc behind.
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "orthanc-stop"));
        // Orthanc logs "Orthanc has started" once it listens: read its log until then (or until it exits).
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        boolean started = false;
        while (!started && (line = out.readLine()) != null) {
            log.add(line);
            started = line.contains("Orthanc has started");
        }
        if (!started) {
            throw new IllegalStateException("Orthanc did not start:\n" + String.join("\n", log));
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the stream closes when Orthanc stops
            }
        }, "orthanc-log");
        drain.setDaemon(true);
        drain.start();
        HttpResponse<String> r = get("/system");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Orthanc /system answered HTTP " + r.statusCode());
        }
    }

    /** The DICOMweb root. */
    public URI dicomWeb() {
        return URI.create("http://127.0.0.1:" + port + "/dicom-web");
    }

    public PacsServer server() {
        return new PacsServer("test-orthanc", dicomWeb(), PacsServer.Auth.basic(USER, PASSWORD));
    }

    /** Uploads a DICOM file through Orthanc's own REST API (not through the code under test). */
    public void upload(Path file) throws Exception {
        HttpRequest r = authorized("/instances").POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("upload of " + file + ": HTTP " + answer.statusCode() + " " + answer.body());
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(String path) {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + basic);
    }

    /** Stops the server (as a crash or a maintenance window would) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public void restart() throws Exception {
        stop();
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
