package io.lunglens.ui.training;

import io.lunglens.model.ModelRegistry;
import io.lunglens.ui.background.FxTaskExecutor;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/** The Retrain tab over the real trainer under Monocle, its models in the test's folder, closed after each test. */
@ExtendWith(ApplicationExtension.class)
abstract class RetrainTabFixture {

    final FxTaskExecutor training = new FxTaskExecutor("test-retrain", 1);
    TrainingViewModel vm;

    /** The test's folder: models are saved below it. */
    abstract Path home();

    /** Called from each test class's own {@code @Start}: TestFX looks for it in the test class only. */
    void show(Stage stage) {
        vm = new TrainingViewModel(new ModelRegistry(home().resolve("shipped"), home()), training);
        stage.setScene(new Scene(new TrainingView(vm).getRoot(), 1000, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        vm.close();
        training.close();
    }
}
