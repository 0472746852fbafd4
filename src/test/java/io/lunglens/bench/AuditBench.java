package io.lunglens.bench;

import io.lunglens.training.audit.DataAudit;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Data audit benchmark (run by bench/audit.sh): `DataAudit.run` over N real-size files, half copies of the NIH films
 * and half of the Hannover films in ../shared/data/cxr-dev/frontal, each made distinct by 8 bytes after its end
 * (PNG readers ignore them; the hash sees them), so the duplicate check has nothing to find. Writes a Markdown section.
 */
public final class AuditBench {

    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path section = Path.of(args[1]);
        int n = Integer.getInteger("bench.files", 10_000);
        Path frontal = Path.of("../shared/data/cxr-dev/frontal");
        List<Path> nih = pick(frontal, "nih_");
        List<Path> hann = pick(frontal, "hann_");
        Path data = work.resolve("audit-" + n);
        write(data.resolve("NIH"), nih, n / 2, 0);
        write(data.resolve("Hannover"), hann, n - n / 2, n);
        long bytes;
        try (Stream<Path> s = Files.walk(data)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        long t0 = System.nanoTime();
        DataAudit a = DataAudit.run(data, List.of());
        double secs = (System.nanoTime() - t0) / 1e9;
        String md = String.format(Locale.ROOT, """
                ## Data audit

                Run of `bench/audit.sh` on %d cores, Java %s: `lunglens audit`'s work (`DataAudit.run`: list the class \
                folders, read each header, SHA-256 of every file, 5-fold CV of a stump and a depth-2 tree) over %d \
                distinct PNG files (%.0f MB; copies of the %d NIH and %d Hannover films of cxr-dev, made distinct by 8 \
                trailing bytes). The files were written just before, so the page cache is warm.

                | files | MB | seconds | files/s | metadata accuracy | confounded |
                |---|---|---|---|---|---|
                | %d | %.0f | %.1f | %.0f | %.3f | %s |

                Rule found: %s
                """, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), n, bytes / 1e6,
                nih.size(), hann.size(), n, bytes / 1e6, secs, n / secs, a.metadataAccuracy(), a.confounded(), a.rule());
        Files.writeString(section, md);
        System.out.print(md);
    }

    private static List<Path> pick(Path dir, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private static void write(Path dir, List<Path> from, int count, int offset) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            Path src = from.get(i % from.size());
            Path f = dir.resolve(String.format(Locale.ROOT, "%06d.png", i));
            if (Files.exists(f)) {
                continue;
            }
            Files.copy(src, f);
            try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.allocate(8).putLong(offset + i).array());
            }
        }
    }
}
