package io.lunglens.ui.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Retrain tab's settings start where {@code lunglens train} does, and are checked by the same rules. */
class TrainingSettingsTest {

    @Test
    void untouchedSettingsAreThePapersSetUpLikeTheCli() {
        TrainingSettings s = new TrainingSettings();
        assertEquals("", s.problemProperty().get());
        TrainingSettings.Checked c = s.checkedProperty().get();
        assertEquals(TrainConfig.paper(), c.config());
        assertArrayEquals(Split.parsePercent(TrainConfig.SPLIT), c.percent());
        assertEquals(TrainConfig.PER_CLASS, c.perClass());
    }

    @Test
    void startingFromABundleUsesTheFreezeAndFactorTypedAndOnlyThen() {
        TrainingSettings s = new TrainingSettings();
        s.text(TrainingSetting.FREEZE_EPOCHS).set("-1");
        assertEquals("", s.problemProperty().get(), "ignored with random weights");
        s.setBundles(List.of(new TrainingSettings.StartFrom("tiny", Path.of("tiny"), "tiny-resnet-lstm"),
                new TrainingSettings.StartFrom("paper", Path.of("paper"), TrainConfig.ARCHITECTURE)));
        assertEquals(List.of("Random weights", "paper"), s.getStartOptions().stream().map(Object::toString).toList(),
                "only bundles of the chosen network are offered");
        s.startFromProperty().set(s.getStartOptions().get(1));
        assertEquals("freeze epochs must not be negative, was -1", s.problemProperty().get());
        assertNull(s.checkedProperty().get());
        s.text(TrainingSetting.FREEZE_EPOCHS).set("2");
        s.text(TrainingSetting.BACKBONE_LR_FACTOR).set("0.1");
        assertEquals(2, s.checkedProperty().get().config().init().freezeEpochs());
        assertEquals(Path.of("paper"), s.checkedProperty().get().config().init().from());
        s.architectureProperty().set("tiny-resnet-lstm");
        assertEquals(TrainingSettings.StartFrom.RANDOM, s.startFromProperty().get(), "not offered for this network");
        assertEquals(List.of("Random weights", "tiny"), s.getStartOptions().stream().map(Object::toString).toList());
    }
}
