package io.lunglens.spark;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * One classifier per model per JVM: an executor loads the bundle (checksum verified) for its first task and every
 * later task shares it; the classifier serialises its network passes, while each task decodes on its own threads.
 */
final class ExecutorModel {

    private static final Map<String, Classifier> LOADED = new HashMap<>();

    private ExecutorModel() {
    }

    /**
     * @param bundle  a bundle folder: a local path present on every node, or a Hadoop URI copied here first
     * @param threads intra-op threads for the engine, if this JVM has not started it yet (the executor's cores)
     */
    static synchronized Classifier get(String bundle, Configuration conf, int threads)
            throws IOException, ModelBundleException {
        Classifier c = LOADED.get(bundle);
        if (c == null) {
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            }
            c = Classifier.load(local(bundle, conf));
            LOADED.put(bundle, c);
        }
        return c;
    }

    private static Path local(String bundle, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(bundle);
        FileSystem fs = p.getFileSystem(conf);
        p = fs.makeQualified(p);
        if ("file".equals(p.toUri().getScheme())) {
            return Path.of(p.toUri());
        }
        Path copy = Files.createTempDirectory("lunglens-model").resolve(p.getName());
        fs.copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(copy.toUri()), true);
        return copy;
    }
}
