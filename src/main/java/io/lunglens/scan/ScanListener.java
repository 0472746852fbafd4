package io.lunglens.scan;

import java.util.List;

/** Hears a scan as it runs, on the scan's own thread; implementations hand work to their own threads if slow. */
public interface ScanListener {

    /** Rows as they are written: first those kept from an earlier run (on resume), then each finished batch. */
    default void rows(List<ScanRow> rows) {
    }

    /** After each batch. */
    default void progress(ScanStats stats) {
    }

    ScanListener NONE = new ScanListener() {
    };
}
