package io.lunglens.ui.files;

import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;

/** The file list of an opened folder. */
public final class FolderView extends BorderPane {

    public FolderView(FolderViewModel vm) {
        getStyleClass().add("folder-view");
        Label title = new Label();
        title.getStyleClass().add("section-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> {
            Path f = vm.folderProperty().get();
            return f == null ? "" : (f.getFileName() == null ? f.toString() : f.getFileName().toString())
                    + "  (" + vm.getFiles().size() + ")";
        }, vm.folderProperty(), vm.getFiles()));

        ListView<Path> list = new ListView<>(vm.getFiles());
        list.setId("fileList");
        list.setFocusTraversable(false);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : relativeName(vm.folderProperty().get(), item));
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (i.intValue() >= 0) {
                vm.indexProperty().set(i.intValue());
            }
        });
        vm.indexProperty().addListener((o, a, i) -> {
            list.getSelectionModel().select(i.intValue());
            if (i.intValue() >= 0) {
                list.scrollTo(Math.max(0, i.intValue() - 3));
            }
        });
        setTop(title);
        setCenter(list);
        setPrefWidth(220);
    }

    private static String relativeName(Path folder, Path file) {
        return folder != null && file.startsWith(folder) ? folder.relativize(file).toString() : file.getFileName().toString();
    }
}
