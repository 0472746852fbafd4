package io.lunglens.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Caps oneDNN's instruction set on machines that hide their CPU cache sizes.
 *
 * <p>Some virtual machines (seen: a 2-core AMD EPYC with AVX-512) report no cache sizes through CPUID. libtorch's
 * oneDNN sizes its AVX2 and AVX-512 convolution kernels from those caches: there its backward-data planner divides
 * by zero (SIGFPE, the JVM dies) and its small-channel backward kernels return NaN gradients. Its AVX kernels do not
 * use the cache sizes. oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the process environment when it first runs, so
 * the cap is set here, before the engine loads, unless the user set it.
 */
public final class OneDnnIsa {

    /** The variable oneDNN reads. */
    public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    /** The widest instruction set whose kernels do not depend on cache sizes. */
    public static final String SAFE_CAP = "AVX";

    private static final Set<String> SAFE = Set.of("SSE41", "AVX", "DEFAULT_SAFE");
    private static final Path CACHE_INFO = Path.of("/sys/devices/system/cpu/cpu0/cache/index0/size");

    private OneDnnIsa() {
    }

    /** What the process should run with: the user's value if set, else the cap where caches are hidden. */
    static Optional<String> choose(boolean cachesVisible, String userValue) {
        if (userValue != null && !userValue.isBlank()) {
            return Optional.of(userValue);
        }
        return cachesVisible ? Optional.empty() : Optional.of(SAFE_CAP);
    }

    /** True when a training step is safe from the cache-size defect under this cap. */
    static boolean safeForTraining(boolean cachesVisible, Optional<String> cap) {
        return cachesVisible || cap.map(c -> SAFE.contains(c.toUpperCase(Locale.ROOT))).orElse(false);
    }

    /** Whether this machine tells its cache sizes (Linux derives sysfs cache info from the same CPUID leaves). */
    static boolean cachesVisible() {
        return Files.isReadable(CACHE_INFO);
    }

    /** Sets the cap in this process's native environment where needed; returns the value in force, if any. */
    static Optional<String> apply() {
        Optional<String> isa = choose(cachesVisible(), System.getenv(VARIABLE));
        if (isa.isPresent() && System.getenv(VARIABLE) == null) {
            // Java cannot change its own environment; libc's setenv changes what native getenv() sees.
            LibC.INSTANCE.setenv(VARIABLE, isa.get(), 0);
        }
        return isa;
    }

    /** The value native code sees now (for tests and logs). */
    static String nativeValue() {
        return LibC.INSTANCE.getenv(VARIABLE);
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }
}
