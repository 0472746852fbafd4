package io.lunglens.ui.files;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The images of an opened folder and which one is shown; PgUp/PgDn and the arrows step through them. */
public final class FolderViewModel {

    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", -1);

    public void show(Path dir, List<Path> images) {
        index.set(-1);
        files.setAll(images);
        folder.set(dir);
    }

    /** Leaves folder browsing (a single file was opened from elsewhere). */
    public void close() {
        index.set(-1);
        files.clear();
        folder.set(null);
    }

    /** Moves by {@code step} files, stopping at the ends; returns false when there was nowhere to go. */
    public boolean move(int step) {
        if (files.isEmpty()) {
            return false;
        }
        int next = Math.max(0, Math.min(files.size() - 1, index.get() + step));
        if (next == index.get()) {
            return false;
        }
        index.set(next);
        return true;
    }

    /** The selected file, or null. */
    public Path current() {
        int i = index.get();
        return i >= 0 && i < files.size() ? files.get(i) : null;
    }

    public ReadOnlyObjectProperty<Path> folderProperty() { return folder.getReadOnlyProperty(); }

    public ObservableList<Path> getFiles() { return files; }

    /** Index of the shown file in {@link #getFiles()}, -1 for none; setting it opens that file. */
    public IntegerProperty indexProperty() { return index; }
}
