package io.lunglens.ui.viewer;

import io.lunglens.ui.Icons;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

/** The evidence overlay settings: on/off, which map, opacity, colour scale and the class the map explains. */
public final class OverlayControls extends GridPane {

    public OverlayControls(ViewerViewModel vm) {
        getStyleClass().add("overlay-controls");
        setHgap(8);
        setVgap(6);
        setPadding(new Insets(8, 0, 0, 0));

        ToggleButton show = new ToggleButton("Evidence overlay", Icons.icon(Icons.OVERLAY));
        show.setId("overlayToggle");
        show.setTooltip(new Tooltip("Show the map of where the model looked (G)"));
        show.selectedProperty().bindBidirectional(vm.overlayVisibleProperty());

        ChoiceBox<EvidenceMap> map = new ChoiceBox<>();
        map.setId("overlayMap");
        map.getItems().setAll(EvidenceMap.values());
        map.valueProperty().bindBidirectional(vm.evidenceMapProperty());
        Tooltip mapHelp = new Tooltip();
        mapHelp.textProperty().bind(Bindings.createStringBinding(() -> vm.evidenceMapProperty().get().help(),
                vm.evidenceMapProperty()));
        mapHelp.setWrapText(true);
        mapHelp.setPrefWidth(320);
        map.setTooltip(mapHelp);

        Slider opacity = new Slider(0, 1, vm.overlayOpacityProperty().get());
        opacity.setId("overlayOpacity");
        opacity.setFocusTraversable(false);
        opacity.valueProperty().bindBidirectional(vm.overlayOpacityProperty());
        opacity.disableProperty().bind(show.selectedProperty().not());

        ChoiceBox<Colormap> colormap = new ChoiceBox<>();
        colormap.setId("overlayColormap");
        colormap.getItems().setAll(Colormap.values());
        colormap.valueProperty().bindBidirectional(vm.colormapProperty());

        ChoiceBox<String> camClass = new ChoiceBox<>(vm.getCamClasses());
        camClass.setId("overlayClass");
        camClass.disableProperty().bind(Bindings.isEmpty(vm.getCamClasses()));
        camClass.getSelectionModel().select(vm.camClassProperty().get());
        camClass.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (i.intValue() >= 0) {
                vm.camClassProperty().set(i.intValue());
            }
        });
        vm.camClassProperty().addListener((o, a, i) -> camClass.getSelectionModel().select(i.intValue()));
        vm.getCamClasses().addListener((ListChangeListener<String>) c ->
                camClass.getSelectionModel().select(vm.camClassProperty().get()));

        Label emptyNote = new Label();
        emptyNote.setId("overlayMapNote");
        emptyNote.getStyleClass().add("warning");
        emptyNote.setWrapText(true);
        emptyNote.setMaxWidth(260);
        emptyNote.textProperty().bind(vm.mapNoteProperty());
        emptyNote.visibleProperty().bind(vm.mapNoteProperty().isNotEmpty());
        emptyNote.managedProperty().bind(emptyNote.visibleProperty());

        add(show, 0, 0, 2, 1);
        add(new Label("Map"), 0, 1);
        add(map, 1, 1);
        add(new Label("Opacity"), 0, 2);
        add(opacity, 1, 2);
        add(new Label("Colours"), 0, 3);
        add(colormap, 1, 3);
        add(new Label("Explains"), 0, 4);
        add(camClass, 1, 4);
        add(emptyNote, 0, 5, 2, 1);
    }
}
