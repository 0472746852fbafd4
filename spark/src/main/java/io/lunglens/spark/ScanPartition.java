package io.lunglens.spark;

import io.lunglens.scan.ScanCsv;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanOptions;
import io.lunglens.scan.ScanRow;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * One partition's rows: its files go through {@link ScanJob#rows} a chunk at a time (the scan's own decoding,
 * batching and row making), so a staged archive holds only one chunk on local disk. Rows come out in file order.
 */
final class ScanPartition implements FlatMapFunction<Iterator<String>, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    private final Archive archive;
    private final String model;
    private final Settings settings;

    /**
     * @param batch      images per network pass
     * @param chunk      files handed to the scan at a time
     * @param threads    the engine's intra-op threads on an executor
     * @param ungated    ScanOptions' ungated
     * @param dicomIds   ScanOptions' includeDicomIds
     * @param failOnce   test hook: this partition's first attempt fails after writing its rows; -1 for none
     */
    record Settings(int batch, int chunk, int threads, boolean ungated, boolean dicomIds, int failOnce)
            implements Serializable {
    }

    ScanPartition(Archive archive, String model, Settings settings) {
        this.archive = archive;
        this.model = model;
        this.settings = settings;
    }

    /** The scan over a folder as this JVM sees it; the output path is never written (rows() writes nothing). */
    static ScanOptions options(Path root, Settings s) {
        return ScanOptions.of(root, root.resolve("unused.csv")).withBatchSize(s.batch()).withDecoders(1)
                .withUngated(s.ungated()).withDicomIds(s.dicomIds());
    }

    @Override
    public Iterator<Row> call(Iterator<String> files) throws Exception {
        TaskContext task = TaskContext.get();
        Archive.Folder folder = archive.open();
        task.addTaskCompletionListener(t -> {
            try {
                folder.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ScanJob job = new ScanJob(ExecutorModel.get(model, archive.conf(), settings.threads()),
                options(folder.root(), settings), ScanListener.NONE);
        ScanCsv csv = job.csv();
        boolean fail = task.partitionId() == settings.failOnce() && task.attemptNumber() == 0;
        return new Rows(files, folder, job, csv, stopOn(task), fail);
    }

    /** Spark's kill (a cancelled job, a speculative copy that lost) stops the scan between batches. */
    private static Progress stopOn(TaskContext task) {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return task.isInterrupted();
            }
        };
    }

    /** Scans the next chunk when the last one's rows are used up. */
    private final class Rows implements Iterator<Row> {
        private final Iterator<String> files;
        private final Archive.Folder folder;
        private final ScanJob job;
        private final ScanCsv csv;
        private final Progress progress;
        private boolean fail;
        private Iterator<Row> chunk = List.<Row>of().iterator();

        Rows(Iterator<String> files, Archive.Folder folder, ScanJob job, ScanCsv csv, Progress progress,
             boolean fail) {
            this.files = files;
            this.folder = folder;
            this.job = job;
            this.csv = csv;
            this.progress = progress;
            this.fail = fail;
        }

        @Override
        public boolean hasNext() {
            if (!chunk.hasNext() && files.hasNext()) {
                chunk = scan().iterator();
            }
            if (!chunk.hasNext() && fail) {
                fail = false;
                throw new IllegalStateException("test hook: first attempt of partition " + settings.failOnce()
                        + " fails after its rows");
            }
            return chunk.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.next();
        }

        private List<Row> scan() {
            try {
                List<Path> local = new ArrayList<>();
                while (local.size() < settings.chunk() && files.hasNext()) {
                    local.add(folder.reach(files.next()));
                }
                List<Row> rows = new ArrayList<>(local.size());
                for (ScanRow r : job.rows(local, progress)) {
                    rows.add(Columns.row(csv, r, folder.name(r.path())));
                }
                for (Path f : local) {
                    folder.release(f);
                }
                return rows;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
