package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** oneDNN's instruction-set cap: chosen only where the CPU hides its caches, never over the user's own value. */
class OneDnnIsaTest {

    @Test
    void capsOnlyWhereCachesAreHiddenAndTheUserSetNothing() {
        assertEquals(Optional.empty(), OneDnnIsa.choose(true, null));
        assertEquals(Optional.of("AVX"), OneDnnIsa.choose(false, null));
        assertEquals(Optional.of("AVX"), OneDnnIsa.choose(false, " "));
        assertEquals(Optional.of("AVX2"), OneDnnIsa.choose(false, "AVX2"));
        assertEquals(Optional.of("AVX512_CORE"), OneDnnIsa.choose(true, "AVX512_CORE"));
    }

    @Test
    void trainingIsRefusedOnlyWhenHiddenCachesMeetAnUncappedIsa() {
        assertTrue(OneDnnIsa.safeForTraining(true, Optional.empty()));
        assertTrue(OneDnnIsa.safeForTraining(true, Optional.of("AVX512_CORE")));
        assertTrue(OneDnnIsa.safeForTraining(false, Optional.of("avx")));
        assertTrue(OneDnnIsa.safeForTraining(false, Optional.of("SSE41")));
        assertFalse(OneDnnIsa.safeForTraining(false, Optional.of("AVX2")));
        assertFalse(OneDnnIsa.safeForTraining(false, Optional.empty()));
    }

    /** On this machine, whatever it is: native code sees exactly the value the engine chose before it loaded. */
    @Test
    void theNativeEnvironmentHoldsTheChoiceOnceTheEngineRuns() {
        EngineBootstrap.engine();
        Optional<String> expected = OneDnnIsa.choose(OneDnnIsa.cachesVisible(), System.getenv(OneDnnIsa.VARIABLE));
        assertEquals(expected.orElse(null), OneDnnIsa.nativeValue());
    }
}
