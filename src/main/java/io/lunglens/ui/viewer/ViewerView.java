package io.lunglens.ui.viewer;

import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/** The image and its evidence overlay under one transform, so the map stays on the anatomy it explains. */
public final class ViewerView extends Region {

    private final Pane canvas = new Pane();
    private final ImageView imageView = new ImageView();
    private final ImageView overlayView = new ImageView();
    private final Translate translate = new Translate();
    private final Scale scale = new Scale();
    private final Label placeholder = new Label("Open a chest X-ray: File \u25B8 Open, drop a file here, or Ctrl+O");

    public ViewerView(ViewerViewModel vm) {
        getStyleClass().add("viewer");
        setId("viewer");
        imageView.setId("viewerImage");
        overlayView.setId("viewerOverlay");
        imageView.setSmooth(true);
        overlayView.setSmooth(true);
        overlayView.setMouseTransparent(true);

        Group content = new Group(imageView, overlayView);
        content.getTransforms().addAll(translate, scale);
        translate.xProperty().bind(vm.translateXProperty());
        translate.yProperty().bind(vm.translateYProperty());
        scale.xProperty().bind(vm.scaleProperty());
        scale.yProperty().bind(vm.scaleProperty());

        imageView.imageProperty().bind(vm.displayProperty());
        overlayView.imageProperty().bind(vm.overlayProperty());
        // The map may be coarser than the image; stretching it to the image size keeps pixel (x, y) on (x, y).
        vm.imageProperty().addListener((o, a, img) -> {
            overlayView.setFitWidth(img == null ? 0 : img.width());
            overlayView.setFitHeight(img == null ? 0 : img.height());
        });
        overlayView.visibleProperty().bind(vm.overlayVisibleProperty());
        overlayView.opacityProperty().bind(vm.overlayOpacityProperty());

        placeholder.getStyleClass().add("viewer-placeholder");
        placeholder.visibleProperty().bind(vm.imageProperty().isNull());
        placeholder.layoutXProperty().bind(widthProperty().subtract(placeholder.widthProperty()).divide(2));
        placeholder.layoutYProperty().bind(heightProperty().subtract(placeholder.heightProperty()).divide(2));

        canvas.getChildren().addAll(content, placeholder);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        getChildren().add(canvas);

        widthProperty().addListener((o, a, w) -> vm.setViewport(getWidth(), getHeight()));
        heightProperty().addListener((o, a, h) -> vm.setViewport(getWidth(), getHeight()));
        setFocusTraversable(true);
    }

    @Override
    protected void layoutChildren() {
        canvas.resizeRelocate(0, 0, getWidth(), getHeight());
    }

    @Override
    protected double computePrefWidth(double height) {
        return 800;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 700;
    }

    public ImageView imageView() {
        return imageView;
    }

    public ImageView overlayView() {
        return overlayView;
    }
}
