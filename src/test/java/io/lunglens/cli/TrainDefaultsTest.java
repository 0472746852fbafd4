package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** lunglens train without options trains the paper's set-up. */
class TrainDefaultsTest {

    @Test
    void theOptionDefaultsAreThePapersSetUp() {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs("data");
        TrainConfig p = TrainConfig.paper();
        assertEquals(p.architecture(), c.arch);
        assertEquals(p.inputSize(), c.size);
        assertEquals(p.batchSize(), c.batch);
        assertEquals(p.epochs(), c.epochs);
        assertEquals(p.learningRate(), c.lr);
        assertEquals(p.weightDecay(), c.weightDecay);
        assertEquals(p.seed(), c.seed);
        assertEquals(p.patience(), c.patience);
        assertEquals(p.overfitEpochs(), c.overfitEpochs);
        assertArrayEquals(new int[] {80, 10, 10}, Split.parsePercent(c.split));
        assertEquals(TrainConfig.PER_CLASS, c.perClass);
        assertEquals(TrainConfig.FREEZE_EPOCHS, c.freezeEpochs);
        assertEquals(TrainConfig.BACKBONE_LR_FACTOR, c.backboneLrFactor);
    }
}
