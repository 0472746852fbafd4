package io.lunglens.ui.viewer;

import io.lunglens.model.EvidenceMethod;
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

/**
 * The evidence overlay settings: on/off, which map, opacity, colour scale, the class the map explains, and how the
 * shortcut check makes its occlusion map.
 */
public final class OverlayControls extends GridPane {

    public OverlayControls(ViewerViewModel vm) {
        getStyleClass().add("overlay-controls");
        setHgap(8);
        setVgap(6);
        setPadding(new Insets(8, 0, 0, 0));
        ViewerAction overlay = ViewerAction.OVERLAY;
        ToggleButton show = new ToggleButton(overlay.title(), Icons.icon(overlay.icon()));
        show.setId("overlayToggle");
        show.setTooltip(new Tooltip(overlay.tooltip()));
        show.selectedProperty().bindBidirectional(vm.overlayVisibleProperty());
        Slider opacity = new Slider(0, 1, vm.overlayOpacityProperty().get());
        opacity.setId("overlayOpacity");
        opacity.setFocusTraversable(false);
        opacity.valueProperty().bindBidirectional(vm.overlayOpacityProperty());
        opacity.disableProperty().bind(show.selectedProperty().not());
        ChoiceBox<Colormap> colormap = new ChoiceBox<>();
        colormap.setId("overlayColormap");
        colormap.getItems().setAll(Colormap.values());
        colormap.valueProperty().bindBidirectional(vm.colormapProperty());
        add(show, 0, 0, 2, 1);
        addRow(1, new Label("Map"), mapChoice(vm));
        addRow(2, new Label("Opacity"), opacity);
        addRow(3, new Label("Colours"), colormap);
        addRow(4, new Label("Explains"), classChoice(vm));
        addRow(5, new Label("Check"), checkChoice(vm));
        add(emptyNote(vm), 0, 6, 2, 1);
    }

    /** Grad-CAM or occlusion, with the chosen map's help as tooltip. */
    private static ChoiceBox<EvidenceMap> mapChoice(ViewerViewModel vm) {
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
        return map;
    }

    /** How the shortcut check makes the occlusion map, with what it hides and costs as tooltip. */
    private static ChoiceBox<EvidenceMethod> checkChoice(ViewerViewModel vm) {
        ChoiceBox<EvidenceMethod> check = new ChoiceBox<>();
        check.setId("overlayCheck");
        check.getItems().setAll(EvidenceMethod.values());
        check.valueProperty().bindBidirectional(vm.checkMethodProperty());
        Tooltip help = new Tooltip();
        help.textProperty().bind(Bindings.createStringBinding(() -> "The shortcut check and its occlusion map: "
                + vm.checkMethodProperty().get().description(), vm.checkMethodProperty()));
        help.setWrapText(true);
        help.setPrefWidth(320);
        check.setTooltip(help);
        return check;
    }

    /** The class the map explains, kept in step with the view model both ways. */
    private static ChoiceBox<String> classChoice(ViewerViewModel vm) {
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
        return camClass;
    }

    private static Label emptyNote(ViewerViewModel vm) {
        Label note = new Label();
        note.setId("overlayMapNote");
        note.getStyleClass().add("warning");
        note.setWrapText(true);
        note.setMaxWidth(260);
        note.textProperty().bind(vm.mapNoteProperty());
        note.visibleProperty().bind(vm.mapNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        return note;
    }
}
