package io.lunglens.training;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Work done ahead on a small pool of daemon threads and handed back in order, never more than a fixed number of
 * items ahead: image decoding (cache misses) and augmentation run while the network trains on the batch before.
 */
final class Prefetch implements AutoCloseable {

    private final ExecutorService pool;

    /** Leaves the cores to libtorch on small machines: one decoder for 2 cores, half of them above. */
    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    Prefetch(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lunglens-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** work(0), work(1), ... work(n-1), in that order, with at most {@code ahead} of them done or in flight. */
    <T> Iterator<T> map(int n, IntFunction<T> work, int ahead) {
        ArrayDeque<Future<T>> queue = new ArrayDeque<>();
        return new Iterator<>() {
            int submitted;

            @Override
            public boolean hasNext() {
                return submitted < n || !queue.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (submitted < n && queue.size() < Math.max(1, ahead)) {
                    int i = submitted++;
                    queue.add(pool.submit(() -> work.apply(i)));
                }
                return result(queue.poll());
            }
        };
    }

    private static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an image", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
