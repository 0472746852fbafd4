package io.lunglens.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A stratified, seeded train/validation/test split: each class is shuffled with the seed and cut by the
 * fractions, so every split keeps the class balance and the same seed gives the same files.
 */
public record Split(List<Sample> train, List<Sample> validation, List<Sample> test, long seed, String ratio) {

    /** Parses "80/10/10". */
    public static int[] parsePercent(String s) {
        String[] parts = s.trim().split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("split must be train/validation/test percentages like 80/10/10, was " + s);
        }
        int[] p = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                p[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("split must be whole percentages like 80/10/10, was " + s);
            }
        }
        if (p[0] <= 0 || p[1] <= 0 || p[2] <= 0 || p[0] + p[1] + p[2] != 100) {
            throw new IllegalArgumentException("split percentages must be positive and add up to 100, was " + s);
        }
        return p;
    }

    public static Split of(FolderDataset data, int[] percent, long seed) throws DatasetException {
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (int label = 0; label < data.classes().size(); label++) {
            final int l = label;
            List<Sample> mine = new ArrayList<>(data.samples().stream().filter(s -> s.label() == l).toList());
            int n = mine.size();
            int nVal = (int) Math.round(n * percent[1] / 100.0);
            int nTest = (int) Math.round(n * percent[2] / 100.0);
            int nTrain = n - nVal - nTest;
            if (nVal < 1 || nTest < 1 || nTrain < 1) {
                throw new DatasetException(data.root() + ": class '" + data.classes().get(label) + "' has " + n
                        + " images, too few for a " + percent[0] + "/" + percent[1] + "/" + percent[2]
                        + " split (each part needs at least one per class)");
            }
            Collections.shuffle(mine, new Random(seed * 1_000_003L + label));
            train.addAll(mine.subList(0, nTrain));
            val.addAll(mine.subList(nTrain, nTrain + nVal));
            test.addAll(mine.subList(nTrain + nVal, n));
        }
        // Mix classes so a batch is not all one label; still fixed by the seed.
        Collections.shuffle(train, new Random(seed));
        return new Split(List.copyOf(train), List.copyOf(val), List.copyOf(test), seed,
                percent[0] + "/" + percent[1] + "/" + percent[2]);
    }
}
