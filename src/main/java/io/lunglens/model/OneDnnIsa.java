package io.lunglens.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Caps oneDNN's instruction set on machines that hide their CPU cache sizes.
 *
 * <p>Some virtual machines (seen: a 2-core AMD EPYC with AVX-512) report no cache sizes through CPUID. There
 * libtorch's oneDNN (3.7) misbehaves in training: its AVX-512 kernels return NaN gradients for small channel counts,
 * and its AVX2 and AVX-512 backward-data planner for a strided 1×1 convolution divides by zero (SIGFPE, the JVM
 * dies; the network no longer runs one, see {@link Bottleneck}). Its AVX2 kernels are otherwise sound there and
 * twice as wide as AVX's (fused multiply-add). oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the process environment
 * when it first runs, so the cap is set here, before the engine loads.
 */
final class OneDnnIsa {

    /** The variable oneDNN reads. */
    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    /** The widest instruction set whose kernels do not depend on cache sizes. */
    static final String SAFE_CAP = "AVX2";

    private static final Set<String> SAFE = Set.of("SSE41", "AVX", "AVX2");
    /** Caps under which hidden caches do not break oneDNN's channels-last kernels (AVX2's brgemm ones do). */
    private static final Set<String> CHANNELS_LAST_SAFE = Set.of("SSE41", "AVX");
    private static final Path CACHE_INFO = Path.of("/sys/devices/system/cpu/cpu0/cache/index0/size");

    private OneDnnIsa() {
    }

    /**
     * The value the process should run with: the user's, unless the caches are hidden and it would let oneDNN
     * crash (then the cap, as a crash helps nobody); empty for oneDNN's own choice.
     */
    static Optional<String> choose(boolean cachesVisible, String userValue) {
        Optional<String> user = Optional.ofNullable(userValue).map(String::strip).filter(v -> !v.isEmpty());
        if (cachesVisible || user.filter(v -> SAFE.contains(v.toUpperCase(Locale.ROOT))).isPresent()) {
            return user;
        }
        return Optional.of(SAFE_CAP);
    }

    /** Whether this machine tells its cache sizes (Linux derives sysfs cache info from the same CPUID leaves). */
    static boolean cachesVisible() {
        return Files.isReadable(CACHE_INFO);
    }

    /** Puts the choice into this process's native environment; returns it. */
    static Optional<String> apply() {
        String user = System.getenv(VARIABLE);
        Optional<String> isa = choose(cachesVisible(), user);
        if (isa.isPresent() && !isa.get().equals(user)) {
            // Java cannot change its own environment; libc's setenv changes what native getenv() sees.
            LibC.INSTANCE.setenv(VARIABLE, isa.get(), 1);
        }
        return isa;
    }

    /**
     * Whether oneDNN may be given channels-last arrays: where the caches are hidden, its AVX2 and AVX-512 kernels for
     * them (brgemm) die of SIGFPE planning even a forward 1×1 convolution (seen); its AVX kernels do not.
     */
    static boolean channelsLastSafe() {
        String isa = nativeValue();
        return cachesVisible() || isa != null && CHANNELS_LAST_SAFE.contains(isa.strip().toUpperCase(Locale.ROOT));
    }

    /** The value native code sees now (for tests and logs). */
    static String nativeValue() {
        return LibC.INSTANCE.getenv(VARIABLE);
    }
}
