package io.lunglens.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Fetches the ImageNet ResNet50 that DJL's PyTorch model zoo serves (a traced torchvision model), only when a user
 * asks for it. DJL caches it (~/.djl.ai/cache). The host is probed first with a short timeout, so an offline machine
 * gets a clear message at once instead of waiting on DJL's HTTP client.
 */
public final class BackboneDownload {

    /** DJL's model repository; the system property lunglens.zoo.url overrides it (tests point it at a closed port). */
    static final String DEFAULT_URL = "https://mlrepo.djl.ai";
    static final int PROBE_MILLIS = 5000;

    private BackboneDownload() {
    }

    /** Downloads (or finds in DJL's cache) the zoo's ImageNet ResNet50 TorchScript file and returns its path. */
    public static Path imagenetResnet50() throws IOException {
        URI repo = URI.create(System.getProperty("lunglens.zoo.url", DEFAULT_URL));
        int port = repo.getPort() > 0 ? repo.getPort() : ("http".equals(repo.getScheme()) ? 80 : 443);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(repo.getHost(), port), PROBE_MILLIS);
        } catch (IOException e) {
            throw new IOException("cannot download ImageNet weights: " + repo.getHost() + " is unreachable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); this machine looks offline. On a machine with internet, export torchvision's weights"
                    + " (see README, \"ImageNet backbone\") and import the file here.");
        }
        // The user asked for the network; the app otherwise runs with DJL offline.
        String offline = System.getProperty("ai.djl.offline");
        System.setProperty("ai.djl.offline", "false");
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelUrls("djl://ai.djl.pytorch/resnet")
                .optFilter("layers", "50")
                .optFilter("dataset", "imagenet")
                .optEngine("PyTorch")
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            return torchScriptIn(model);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("DJL's model zoo did not provide an ImageNet ResNet50: " + e.getMessage(), e);
        } finally {
            if (offline == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", offline);
            }
        }
    }

    private static Path torchScriptIn(Model model) throws IOException {
        Path dir = model.getModelPath();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pt")).findFirst()
                    .orElseThrow(() -> new IOException("the downloaded model in " + dir + " has no .pt file"));
        }
    }
}
