package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineBootstrapTest {

    @Test
    void startsPyTorchOfflineOnceAndComputes() {
        Engine e = EngineBootstrap.engine();
        assertEquals("PyTorch", e.getEngineName());
        assertSame(e, EngineBootstrap.engine());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertEquals(14f, a.mul(a).sum().getFloat());
        }
    }
}
