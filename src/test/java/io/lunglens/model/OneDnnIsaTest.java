package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** oneDNN's instruction-set cap: chosen only where the CPU hides its caches, never over the user's own value. */
class OneDnnIsaTest {

    @Test
    void capsOnlyWhereCachesAreHiddenAndNeverAboveWhatIsSafeThere() {
        assertEquals(Optional.empty(), OneDnnIsa.choose(true, null));
        assertEquals(Optional.of("AVX2"), OneDnnIsa.choose(true, "AVX2"));
        assertEquals(Optional.of("AVX2"), OneDnnIsa.choose(false, null));
        assertEquals(Optional.of("AVX2"), OneDnnIsa.choose(false, " "));
        assertEquals(Optional.of("SSE41"), OneDnnIsa.choose(false, "SSE41"));
        assertEquals(Optional.of("avx"), OneDnnIsa.choose(false, "avx"));
        assertEquals(Optional.of("AVX2"), OneDnnIsa.choose(false, "AVX2"));
        // A wider user value gives NaN gradients there: the cap wins.
        assertEquals(Optional.of("AVX2"), OneDnnIsa.choose(false, "AVX512_CORE"));
    }

    /** On this machine, whatever it is: native code sees exactly the value the engine chose before it loaded. */
    @Test
    void theNativeEnvironmentHoldsTheChoiceOnceTheEngineRuns() {
        EngineBootstrap.engine();
        Optional<String> expected = OneDnnIsa.choose(OneDnnIsa.cachesVisible(), System.getenv(OneDnnIsa.VARIABLE));
        assertEquals(expected.orElse(null), OneDnnIsa.nativeValue());
    }
}
