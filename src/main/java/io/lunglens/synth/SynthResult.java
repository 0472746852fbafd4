package io.lunglens.synth;

import java.nio.file.Path;

/**
 * What a synth run wrote.
 *
 * @param out     the output folder
 * @param covid   COVID-19 images written
 * @param normal  normal images written
 * @param csv     the phantoms.csv index
 * @param millis  wall time of the run
 */
public record SynthResult(Path out, int covid, int normal, Path csv, long millis) {

    public int images() {
        return covid + normal;
    }
}
