package io.lunglens.model;

import io.lunglens.task.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model bundles this installation knows: those shipped in the repository's models/ folder and those the user
 * trained, in &lt;home&gt;/models. Remembers the active one in &lt;home&gt;/registry.properties.
 * Home is the system property {@code lunglens.home}, else ~/.local/share/lunglens.
 */
public final class ModelRegistry {

    /** A bundle whose card could be read; its weights are checked only when it is loaded. */
    public record Entry(Path dir, ModelCard card) {
        public boolean isBackbone() {
            return card.isBackbone();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final String STATE_FILE = "registry.properties";
    private static final String DEFAULT_BUNDLE = "demo";

    private final Path shipped;
    private final Path home;

    public ModelRegistry(Path shippedModels, Path home) {
        this.shipped = shippedModels;
        this.home = home;
    }

    /** models/ under the working folder (or {@code lunglens.models}), and the user's home. */
    public static ModelRegistry standard() {
        return new ModelRegistry(Path.of(System.getProperty("lunglens.models", "models")), home());
    }

    public static Path home() {
        String h = System.getProperty("lunglens.home");
        return h != null ? Path.of(h) : Path.of(System.getProperty("user.home"), ".local", "share", "lunglens");
    }

    /** Where newly trained bundles belong. */
    public Path userModels() {
        return home.resolve("models");
    }

    public Path shippedModels() {
        return shipped;
    }

    /** Models that give verdicts: shipped bundles first, then the user's, by folder name; backbones left out. */
    public List<Entry> list() {
        return all().stream().filter(e -> !e.isBackbone()).toList();
    }

    /** Imported backbones, which training can start from but which give no verdicts. */
    public List<Entry> backbones() {
        return all().stream().filter(Entry::isBackbone).toList();
    }

    /** Every readable bundle; unreadable folders are skipped. */
    private List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Path root : List.of(shipped, userModels())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> dirs = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(root,
                    p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
                s.forEach(dirs::add);
            } catch (IOException e) {
                LOG.warn("cannot list {}: {}", root, e.getMessage());
                continue;
            }
            dirs.sort(null);
            for (Path d : dirs) {
                try {
                    out.add(new Entry(d, ModelBundle.readCard(d)));
                } catch (ModelBundleException e) {
                    LOG.warn("{}", e.getMessage());
                }
            }
        }
        return out;
    }

    /** The active bundle folder: the remembered one if it still exists, else models/demo if present. */
    public Optional<Path> active() {
        Path state = home.resolve(STATE_FILE);
        if (Files.isRegularFile(state)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(state, StandardCharsets.UTF_8)) {
                p.load(r);
                String a = p.getProperty("active");
                if (a != null && Files.isDirectory(Path.of(a))) {
                    return Optional.of(Path.of(a));
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable {}: {}", state, e.getMessage());
            }
        }
        Path demo = shipped.resolve(DEFAULT_BUNDLE);
        return Files.isDirectory(demo) ? Optional.of(demo) : Optional.empty();
    }

    /** Remembers a bundle as active (written atomically). */
    public void setActive(Path bundleDir) throws IOException {
        Files.createDirectories(home);
        Properties p = new Properties();
        p.setProperty("active", bundleDir.toAbsolutePath().normalize().toString());
        StringWriter w = new StringWriter();
        p.store(w, "LungLens model registry");
        AtomicFiles.write(home.resolve(STATE_FILE), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A bundle folder from what a user typed: an existing folder path, or the name (folder name or card name) of a
     * listed bundle; null means the active one.
     */
    public Path resolve(String nameOrPath) throws ModelBundleException {
        if (nameOrPath == null) {
            return active().orElseThrow(() -> new ModelBundleException(shipped.resolve(DEFAULT_BUNDLE),
                    "no active model and no shipped demo; pass --model with a bundle folder"));
        }
        Path p = Path.of(nameOrPath);
        if (Files.isDirectory(p)) {
            return p;
        }
        for (Entry e : all()) {
            if (e.dir().getFileName().toString().equals(nameOrPath) || e.card().name().equals(nameOrPath)) {
                return e.dir();
            }
        }
        throw new ModelBundleException(p, "no such bundle folder, and no listed model has that name");
    }
}
