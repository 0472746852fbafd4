package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lunglens.task.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DICOMweb servers the user set up, in a JSON file that holds their credentials and so is readable only by the
 * user (mode 600): it is written so, and a file others can read is refused rather than used.
 */
public final class PacsSettings {

    /** The settings file's name in LungLens's home folder. */
    public static final String FILE_NAME = "pacs.json";
    /** For --server URL: the credentials come from the environment, never from the command line. */
    public static final String ENV_USER = "LUNGLENS_PACS_USER";
    public static final String ENV_PASSWORD = "LUNGLENS_PACS_PASSWORD";
    public static final String ENV_TOKEN = "LUNGLENS_PACS_TOKEN";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PacsSettings() {
    }

    /** The servers in the file; none when it does not exist. */
    public static List<PacsServer> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        checkPrivate(file);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON", e);
        }
        List<PacsServer> servers = new ArrayList<>();
        for (JsonNode s : root.path("servers")) {
            servers.add(server(file, s));
        }
        return List.copyOf(servers);
    }

    /** Replaces the file atomically with these servers, readable only by the user. */
    public static void save(Path file, List<PacsServer> servers) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("servers");
        for (PacsServer s : servers) {
            ObjectNode o = list.addObject().put("name", s.name()).put("url", s.url().toString())
                    .put("auth", s.auth().kind().name().toLowerCase(Locale.ROOT));
            if (s.auth().kind() == PacsServer.Auth.Kind.BASIC) {
                o.put("user", s.auth().user());
            }
            if (s.auth().kind() != PacsServer.Auth.Kind.NONE) {
                o.put("secret", s.auth().secret());
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        // AtomicFiles writes through a temporary file, which Java creates with mode 600; say so explicitly anyway.
        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        if (posix(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    /**
     * The server named so in the file, or for an http(s) URL a server at that URL, signed in as the environment says
     * ({@value #ENV_USER} and {@value #ENV_PASSWORD}, or {@value #ENV_TOKEN}).
     */
    public static PacsServer find(Path file, String nameOrUrl, Map<String, String> env) throws IOException {
        if (nameOrUrl.startsWith("http://") || nameOrUrl.startsWith("https://")) {
            return new PacsServer(nameOrUrl, URI.create(nameOrUrl), authFrom(env));
        }
        List<PacsServer> servers = load(file);
        for (PacsServer s : servers) {
            if (s.name().equals(nameOrUrl)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no PACS server named " + nameOrUrl + " in " + file + (servers.isEmpty()
                ? " (add one with: lunglens pacs add NAME URL)"
                : " (known: " + String.join(", ", servers.stream().map(PacsServer::name).toList()) + ")"));
    }

    private static PacsServer.Auth authFrom(Map<String, String> env) {
        if (env.get(ENV_TOKEN) != null) {
            return PacsServer.Auth.bearer(env.get(ENV_TOKEN));
        }
        if (env.get(ENV_USER) != null) {
            return PacsServer.Auth.basic(env.get(ENV_USER), env.getOrDefault(ENV_PASSWORD, ""));
        }
        return PacsServer.Auth.NONE;
    }

    private static PacsServer server(Path file, JsonNode s) throws IOException {
        String name = s.path("name").asText("");
        String kind = s.path("auth").asText("none").toUpperCase(Locale.ROOT);
        try {
            PacsServer.Auth auth = new PacsServer.Auth(PacsServer.Auth.Kind.valueOf(kind), s.path("user").asText(""),
                    s.path("secret").asText(""));
            return new PacsServer(name, URI.create(s.path("url").asText("")), auth);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": server " + name + ": " + (e.getMessage().startsWith("No enum")
                    ? "auth must be none, basic or bearer" : e.getMessage()), e);
        }
    }

    private static void checkPrivate(Path file) throws IOException {
        if (posix(file)) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY.containsAll(p)) {
                throw new IOException(file + ": holds PACS credentials but is readable by others ("
                        + PosixFilePermissions.toString(p) + "); make it private with: chmod 600 " + file);
            }
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
