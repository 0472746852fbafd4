package io.lunglens.task;

/** What a running job reports and where it learns it should stop. Implementations must be thread-safe. */
public interface Progress {

    /** Reports work done out of total, with a short message. */
    void update(long done, long total, String message);

    /** True once somebody asked the job to stop; jobs check it between units of work. */
    boolean isCancelled();

    /** Throws {@link CancelledException} when cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** The same cancellation without the reports: for a step inside a job that reports its own progress. */
    default Progress silent() {
        Progress outer = this;
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

    /** A progress that reports nowhere and is never cancelled. */
    static Progress none() {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
