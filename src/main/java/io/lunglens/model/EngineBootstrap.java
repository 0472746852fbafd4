package io.lunglens.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that starts DJL's PyTorch engine: offline, with explicit thread counts.
 * Call {@link #engine()} before any NDManager is made.
 */
public final class EngineBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(EngineBootstrap.class);
    private static volatile Engine engine;

    private EngineBootstrap() {
    }

    /** Starts the engine once and returns it; later calls are free. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (EngineBootstrap.class) {
            if (engine == null) {
                engine = start();
            }
            return engine;
        }
    }

    /**
     * Turns autograd recording off for the calling thread. libtorch keeps grad mode per thread and DJL turns it off
     * only on the thread that started the engine; on any other thread a forward pass would record a graph, and
     * Grad-CAM would find a non-leaf feature map whose gradient reads as zeros. Every inference entry point calls it.
     */
    public static void inferenceThread() {
        engine();
        JniUtils.setGradMode(false);
    }

    private static Engine start() {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        // libtorch prints a harmless CUDA warning on machines without a GPU; keep logs readable.
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        Optional<String> isaCap = OneDnnIsa.apply();
        long t0 = System.nanoTime();
        try {
            Engine e = Engine.getEngine("PyTorch");
            LOG.info("DJL {} with PyTorch {} started in {} ms ({} threads, offline={}, oneDNN ISA cap {},"
                    + " CPU cache sizes {})",
                    Engine.getDjlVersion(), e.getVersion(), (System.nanoTime() - t0) / 1_000_000,
                    System.getProperty("ai.djl.pytorch.num_threads"), System.getProperty("ai.djl.offline"),
                    isaCap.orElse("none"), OneDnnIsa.cachesVisible() ? "visible" : "hidden");
            return e;
        } catch (RuntimeException | UnsatisfiedLinkError err) {
            throw new IllegalStateException("Cannot start the PyTorch engine: " + rootMessage(err)
                    + ". The pytorch-native-cpu linux-x86_64 jar must be on the classpath"
                    + " (run through ./lunglens or mvn, which set it up).", err);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }
}
