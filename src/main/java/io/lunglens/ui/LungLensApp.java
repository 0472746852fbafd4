package io.lunglens.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The LungLens desktop application. */
public final class LungLensApp extends Application {

    public static final String INTENDED_USE = "Research use only — not a medical device";

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane();
        Label notice = new Label(INTENDED_USE);
        notice.setId("intendedUse");
        notice.setPadding(new Insets(4, 8, 4, 8));
        root.setBottom(notice);
        stage.setTitle("LungLens");
        stage.setScene(new Scene(root, 1200, 800));
        stage.show();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
