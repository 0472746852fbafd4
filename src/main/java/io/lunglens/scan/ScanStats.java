package io.lunglens.scan;

import java.util.Locale;

/**
 * Where a running scan stands.
 *
 * @param done            files with a row, including those kept from an earlier run
 * @param total           files to have a row at the end
 * @param errors          rows with an error so far
 * @param imagesPerSecond files finished per second in this run
 * @param etaSeconds      estimated seconds left, NaN until there is a rate
 */
public record ScanStats(long done, long total, long errors, double imagesPerSecond, double etaSeconds) {

    /** "12/100 · 8.3 img/s · ETA 0:11", as the CLI and the GUI show it. */
    public String describe() {
        return String.format(Locale.ROOT, "%d/%d · %.1f img/s · ETA %s%s", done, total, imagesPerSecond,
                clock(etaSeconds), errors > 0 ? " · " + errors + " unreadable" : "");
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
