package io.lunglens.scan;

import java.nio.file.Path;

/**
 * What to scan and how.
 *
 * @param folder          the folder of images
 * @param output          the CSV to write; rows go to output + ".partial" until the scan completes
 * @param recursive       also scan subfolders
 * @param resume          keep the good rows of an earlier run's output (or partial output) and skip their files
 * @param includeDicomIds add DICOM PatientName and PatientID columns (off by default for privacy)
 * @param batchSize       images per network pass
 * @param decoders        threads that decode and preprocess while the network runs
 * @param ungated         count images the input gate refuses in the labelled-folder metrics too
 * @param fullDecode      decode every pixel of large films, as the viewer does, instead of every step-th
 *                        ({@code ImageLoader.loadForModel}); slower, and only for comparison (bench/scan.sh)
 */
public record ScanOptions(Path folder, Path output, boolean recursive, boolean resume, boolean includeDicomIds,
                          int batchSize, int decoders, boolean ungated, boolean fullDecode) {

    public static final int DEFAULT_BATCH = 8;

    public ScanOptions {
        if (batchSize < 1 || batchSize > 256) {
            throw new IllegalArgumentException("batch size must be 1..256, was " + batchSize);
        }
        if (decoders < 1 || decoders > 16) {
            throw new IllegalArgumentException("decoder threads must be 1..16, was " + decoders);
        }
    }

    /** Recursive, no resume, no identifiers, batch 8, decoders as {@link #defaultDecoders()}. */
    public static ScanOptions of(Path folder, Path output) {
        return new ScanOptions(folder, output, true, false, false, DEFAULT_BATCH, defaultDecoders(), false, false);
    }

    /** One decoder per two cores, at least one and at most two: the network wants the rest. */
    public static int defaultDecoders() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));
    }

    public ScanOptions withRecursive(boolean r) {
        return new ScanOptions(folder, output, r, resume, includeDicomIds, batchSize, decoders, ungated, fullDecode);
    }

    public ScanOptions withResume(boolean r) {
        return new ScanOptions(folder, output, recursive, r, includeDicomIds, batchSize, decoders, ungated, fullDecode);
    }

    public ScanOptions withDicomIds(boolean ids) {
        return new ScanOptions(folder, output, recursive, resume, ids, batchSize, decoders, ungated, fullDecode);
    }

    public ScanOptions withBatchSize(int b) {
        return new ScanOptions(folder, output, recursive, resume, includeDicomIds, b, decoders, ungated, fullDecode);
    }

    public ScanOptions withDecoders(int d) {
        return new ScanOptions(folder, output, recursive, resume, includeDicomIds, batchSize, d, ungated, fullDecode);
    }

    public ScanOptions withUngated(boolean u) {
        return new ScanOptions(folder, output, recursive, resume, includeDicomIds, batchSize, decoders, u, fullDecode);
    }

    public ScanOptions withFullDecode(boolean f) {
        return new ScanOptions(folder, output, recursive, resume, includeDicomIds, batchSize, decoders, ungated, f);
    }

    /** Where rows go while the scan runs. */
    public Path partial() {
        return output.resolveSibling(output.getFileName() + ".partial");
    }
}
