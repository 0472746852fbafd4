package io.lunglens.training;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.TrainingDomain;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * Fits a model's {@link TrainingDomain} on its training split and sets the threshold on its validation split,
 * streaming the images through the backbone in small batches (only running sums of the features are kept).
 */
public final class DomainFitting {

    static final int BATCH = 16;

    private DomainFitting() {
    }

    /** From planes already made at the card's input size (the trainer's un-augmented images). */
    public static TrainingDomain fit(Classifier c, float[][] train, float[][] validation, String fittedOn,
                                     Progress progress) {
        int total = train.length + validation.length;
        return TrainingDomain.fit(batches(c, i -> train[i], train.length, 0, total, progress),
                batches(c, i -> validation[i], validation.length, train.length, total, progress), sizes(c), fittedOn);
    }

    /** From image files, read a batch at a time; an unreadable file fails with its name. */
    public static TrainingDomain fitFiles(Classifier c, List<Sample> train, List<Sample> validation, String fittedOn,
                                          Progress progress) {
        int size = c.card().inputSize();
        int total = train.size() + validation.size();
        return TrainingDomain.fit(batches(c, i -> plane(train.get(i), size), train.size(), 0, total, progress),
                batches(c, i -> plane(validation.get(i), size), validation.size(), train.size(), total, progress),
                sizes(c), fittedOn);
    }

    private static int[] sizes(Classifier c) {
        return Architecture.byName(c.card().architecture()).stageChannels();
    }

    private static float[] plane(Sample s, int size) {
        try {
            return ModelInput.toTensorData(ImageLoader.load(s.file()), size);
        } catch (ImageLoadException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private static Iterator<float[][]> batches(Classifier c, IntFunction<float[]> plane, int n, int doneBefore,
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
                    System.arraycopy(plane.apply(next + i), 0, x, i * size, size);
                }
                float[][] out = c.pooledFeatures(x, count);
                next += count;
                progress.update(doneBefore + next, total, "describing the training images");
                return out;
            }
        };
    }
}
