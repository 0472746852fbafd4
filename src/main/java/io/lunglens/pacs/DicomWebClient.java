package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.task.CancelledException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * A DICOMweb client: QIDO-RS to search, WADO-RS to retrieve, STOW-RS to store. TLS uses Java's default trust store,
 * which on Debian is the system's (ca-certificates-java). Failures are {@link PacsException}s with one line that
 * names the server and never the credentials.
 */
public final class DicomWebClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration REQUEST = Duration.ofSeconds(120);
    private static final String DICOM = "application/dicom";

    private final PacsServer server;
    private final HttpClient http;

    public DicomWebClient(PacsServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public PacsServer server() {
        return server;
    }

    /** Studies matching the query, each once, by date (newest first). */
    public List<Study> studies(StudyQuery query) {
        Map<String, Study> byUid = new LinkedHashMap<>();
        for (String modality : query.modalities()) {
            Map<String, String> p = query.parameters(modality);
            p.put("includefield", String.join(",", Tags.STUDY_DESCRIPTION, Tags.MODALITIES_IN_STUDY,
                    Tags.STUDY_INSTANCES));
            for (JsonNode d : json("/studies", p, "search studies")) {
                Study s = Study.of(d);
                byUid.putIfAbsent(s.uid(), s);
            }
        }
        List<Study> found = new ArrayList<>(byUid.values());
        found.sort((a, b) -> b.date().compareTo(a.date()));
        return found;
    }

    /** The series of a study, by series number. */
    public List<Series> series(String studyUid) {
        Map<String, String> p = Map.of("includefield", String.join(",", Tags.SERIES_DESCRIPTION, Tags.SERIES_NUMBER,
                Tags.SERIES_INSTANCES));
        List<Series> out = new ArrayList<>();
        for (JsonNode d : json("/studies/" + Uids.checked(studyUid, "study UID") + "/series", p, "list series")) {
            out.add(Series.of(studyUid, d));
        }
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    /** The images of a series, by instance number. */
    public List<Instance> instances(Series s) {
        List<Instance> out = new ArrayList<>();
        for (JsonNode d : json("/studies/" + s.studyUid() + "/series/" + s.uid() + "/instances",
                Map.of("includefield", Tags.INSTANCE_NUMBER), "list images")) {
            out.add(Instance.of(s, d));
        }
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    /** The instance's Part 10 file as stored on the server (no transcoding). */
    public byte[] retrieve(Instance i) {
        HttpResponse<byte[]> r = send(request(i.path(), Map.of())
                .header("Accept", "multipart/related; type=\"" + DICOM + "\"; transfer-syntax=*").GET().build(),
                "retrieve an image");
        List<byte[]> parts = Multipart.parts(r.headers().firstValue("Content-Type").orElse(null), r.body());
        if (parts.size() != 1) {
            throw new PacsException(server.label() + ": asked for one image, got " + parts.size());
        }
        return parts.get(0);
    }

    /** The patient and study of an instance, from its WADO-RS metadata. */
    public SourceStudy source(Instance i) {
        JsonNode list = json(i.path() + "/metadata", Map.of(), "read image metadata");
        if (!list.isArray() || list.isEmpty()) {
            throw new PacsException(server.label() + ": no metadata for an image");
        }
        return SourceStudy.of(list.get(0));
    }

    /** Stores Part 10 files with STOW-RS into the study they name. */
    public void store(String studyUid, List<byte[]> files) {
        Multipart.Body body = Multipart.of(DICOM, files);
        HttpRequest r = request("/studies/" + Uids.checked(studyUid, "study UID"), Map.of())
                .header("Content-Type", body.contentType()).header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
        HttpResponse<byte[]> answer = send(r, "store a result");
        JsonNode failed = parse(answer.body(), "store a result").path("00081198");
        if (!failed.isMissingNode() && !failed.path("Value").isEmpty()) {
            throw new PacsException(server.label() + ": the server refused to store " + failed.path("Value").size()
                    + " of " + files.size() + " result images");
        }
    }

    private JsonNode json(String path, Map<String, String> query, String what) {
        HttpResponse<byte[]> r = send(request(path, query).header("Accept", "application/dicom+json").GET().build(),
                what);
        // QIDO-RS answers 204 No Content when nothing matches.
        return r.statusCode() == 204 || r.body().length == 0 ? JSON.createArrayNode() : parse(r.body(), what);
    }

    private JsonNode parse(byte[] body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new PacsException(server.label() + ": cannot " + what + ": the answer is not JSON");
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path + (q.isEmpty() ? "" : "?" + q)))
                .timeout(REQUEST);
        String auth = server.auth().header();
        return auth == null ? b : b.header("Authorization", auth);
    }

    /**
     * Percent-encodes only what a query value cannot hold as it is: Orthanc (1.10) matches the raw text of a query
     * value, so wildcards and the commas of includefield must reach it unencoded.
     */
    static String encode(String value) {
        StringBuilder b = new StringBuilder();
        for (byte c : value.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~*?,".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xFF));
            }
        }
        return b.toString();
    }

    /** Sends a request; any failure becomes one line naming the server and what was being done. */
    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (HttpConnectTimeoutException e) {
            throw new PacsException(server.label() + ": cannot " + what + ": no connection within "
                    + CONNECT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new PacsException(server.label() + ": cannot " + what + ": no answer within "
                    + REQUEST.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new PacsException(server.label() + ": cannot " + what + ": connection refused or the server is"
                    + " not reachable", e);
        } catch (SSLException e) {
            throw new PacsException(server.label() + ": cannot " + what + ": TLS failed (" + e.getMessage()
                    + "); the server's certificate must be trusted by the system trust store", e);
        } catch (IOException e) {
            throw new PacsException(server.label() + ": cannot " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        int code = r.statusCode();
        if (code == 401 || code == 403) {
            throw new PacsException(server.label() + ": cannot " + what + ": the server refused the credentials"
                    + " (HTTP " + code + "; " + server.auth() + ")");
        }
        if (code < 200 || code >= 300) {
            throw new PacsException(server.label() + ": cannot " + what + ": HTTP " + code);
        }
        return r;
    }
}
