package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way LungLens records gradients. DJL 0.36 allows one gradient collector per process (a static flag: a second
 * one on any thread throws "A PtGradientCollector is already collecting"), so the viewer's Grad-CAM, a training step
 * and the training's evaluation take turns here. Hold a scope for one forward and backward pass only: whoever waits,
 * waits for one step.
 *
 * <p>libtorch's grad mode is per thread. A scope turns it on for its own thread and leaves it off when it closes,
 * whatever it was before, so that every thread of ours runs inference without recording a graph.
 */
public final class GradientScope implements AutoCloseable {

    // Fair: a training loop that reopens a scope at once must not starve a waiting Grad-CAM.
    private static final ReentrantLock TURN = new ReentrantLock(true);

    private final GradientCollector collector;
    private boolean open = true;

    private GradientScope(GradientCollector collector) {
        this.collector = collector;
    }

    /** Waits for any other thread's scope to close, then starts recording on this thread. */
    public static GradientScope open() {
        if (TURN.isHeldByCurrentThread()) {
            throw new IllegalStateException("a gradient scope is already open on this thread");
        }
        TURN.lock();
        try {
            // Off first, so that closing the collector restores "off".
            EngineBootstrap.inferenceThread();
            return new GradientScope(EngineBootstrap.engine().newGradientCollector());
        } catch (RuntimeException | Error e) {
            EngineBootstrap.inferenceThread();
            TURN.unlock();
            throw e;
        }
    }

    /** Back-propagates from target (a scalar or an array seeded with ones). */
    public void backward(NDArray target) {
        collector.backward(target);
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            collector.close();
        } finally {
            TURN.unlock();
        }
    }
}
