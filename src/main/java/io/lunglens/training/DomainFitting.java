package io.lunglens.training;

import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.TrainingDomain;
import io.lunglens.task.Progress;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Fits a model's {@link TrainingDomain} on its training split and sets the threshold on its validation split,
 * streaming the images through the backbone in small batches (only running sums of the features are kept).
 */
public final class DomainFitting {

    static final int BATCH = 16;

    private DomainFitting() {
    }

    /**
     * From the samples' planes (the cache during training), read a few batches ahead on a background thread; an
     * unreadable file fails with its name.
     */
    public static TrainingDomain fit(Classifier c, List<Sample> train, List<Sample> validation, InputPlanes planes,
                                     String fittedOn, Progress progress) {
        int size = c.card().inputSize();
        int total = train.size() + validation.size();
        try (Prefetch pre = new Prefetch(Prefetch.defaultThreads())) {
            Iterator<float[]> t = pre.map(train.size(), i -> planes.plane(train.get(i), size), 2 * BATCH);
            Iterator<float[]> v = pre.map(validation.size(), i -> planes.plane(validation.get(i), size), 2 * BATCH);
            return TrainingDomain.fit(batches(c, t, train.size(), 0, total, progress),
                    batches(c, v, validation.size(), train.size(), total, progress), sizes(c), fittedOn);
        }
    }

    private static int[] sizes(Classifier c) {
        return Architecture.byName(c.card().architecture()).stageChannels();
    }

    private static Iterator<float[][]> batches(Classifier c, Iterator<float[]> planes, int n, int doneBefore,
                                               int total, Progress progress) {
        int size = c.card().inputSize() * c.card().inputSize();
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public float[][] next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                progress.checkCancelled();
                int count = Math.min(BATCH, n - next);
                float[] x = new float[count * size];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(planes.next(), 0, x, i * size, size);
                }
                float[][] out = c.pooledFeatures(x, count);
                next += count;
                progress.update(doneBefore + next, total, "describing the training images");
                return out;
            }
        };
    }
}
