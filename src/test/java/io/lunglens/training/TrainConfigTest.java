package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void paperIsTheSeedPapersSetUp() {
        TrainConfig p = TrainConfig.paper();
        assertEquals(new TrainConfig("resnet50-lstm", 224, 8, 20, 3e-4, 1e-5, 42, 5, 2, Augmentation.standard()), p);
        assertEquals(Initialisation.RANDOM, p.init());
    }

    @Test
    void theBuilderChangesOnlyWhatItIsTold() {
        TrainConfig c = TrainConfig.builder().architecture("tiny-resnet-lstm").inputSize(64).epochs(3).seed(7)
                .augmentation(Augmentation.none()).build();
        assertEquals(new TrainConfig("tiny-resnet-lstm", 64, 8, 3, 3e-4, 1e-5, 7, 5, 2, Augmentation.none()), c);
    }

    @Test
    void theBuilderChecksTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().batchSize(1).build());
        assertEquals("batch size must be at least 2 (BatchNorm), was 1", e.getMessage());
    }
}
