package io.lunglens.training.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stump and the depth-2 tree on hand-made rows whose answers are known. */
final class MetaTreeTest {

    @Test
    void theStumpFindsTheThresholdBetweenTheClasses() {
        double[][] x = {{100, 1}, {200, 2}, {300, 1}, {900, 2}, {1000, 1}, {1100, 2}};
        int[] y = {0, 0, 0, 1, 1, 1};
        MetaTree.Split s = MetaTree.bestSplit(x, y, 2, new int[] {0, 1, 2, 3, 4, 5});
        assertEquals(0, s.feature());
        assertEquals(600, s.threshold());
        assertEquals(0, s.errors());
        assertEquals(1, s.right());
    }

    /** Class A is small grey or large colour, class B the other way round: only two splits in turn separate them. */
    @Test
    void onlyTheTreeLearnsAnInteraction() {
        int n = 40;
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            boolean large = i % 2 == 0;
            boolean colour = (i / 2) % 2 == 0;
            x[i] = new double[] {large ? 512 : 256, colour ? 2 : 0};
            y[i] = large == colour ? 0 : 1;
        }
        double stump = MetaTree.cvAccuracy(x, y, 2, 1, 5);
        double tree = MetaTree.cvAccuracy(x, y, 2, 2, 5);
        assertTrue(stump <= 0.6, "stump " + stump);
        assertEquals(1.0, tree, "tree " + tree);
        assertEquals(tree, MetaTree.cvAccuracy(x, y, 2, 2, 5), "the folds are seeded");
    }
}
