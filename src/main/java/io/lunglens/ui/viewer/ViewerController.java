package io.lunglens.ui.viewer;

import io.lunglens.ui.viewer.ViewerViewModel.Mode;
import java.util.Optional;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/** Turns mouse and key input on the viewer into view-model calls. */
public final class ViewerController {

    /** Zoom factor per pixel of vertical Z-drag. */
    private static final double ZOOM_PER_PIXEL = 1.01;

    private final ViewerViewModel vm;
    private double lastX;
    private double lastY;
    private double pressX;
    private double pressY;

    public ViewerController(ViewerView view, ViewerViewModel vm) {
        this.vm = vm;
        view.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                vm.zoomAt(e.getDeltaY() > 0 ? ViewerViewModel.ZOOM_STEP : 1 / ViewerViewModel.ZOOM_STEP, e.getX(), e.getY());
            }
            e.consume();
        });
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            view.requestFocus();
            lastX = pressX = e.getX();
            lastY = pressY = e.getY();
        });
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            double dx = e.getX() - lastX;
            double dy = e.getY() - lastY;
            lastX = e.getX();
            lastY = e.getY();
            Mode m = e.getButton() == MouseButton.SECONDARY ? Mode.WINDOW : vm.modeProperty().get();
            switch (m) {
                case PAN -> vm.panBy(dx, dy);
                case WINDOW -> vm.windowDrag(dx, dy);
                case ZOOM -> vm.zoomAt(Math.pow(ZOOM_PER_PIXEL, -dy), pressX, pressY);
            }
            vm.pointerAt(e.getX(), e.getY());
        });
        view.addEventHandler(MouseEvent.MOUSE_MOVED, e -> vm.pointerAt(e.getX(), e.getY()));
        view.addEventHandler(MouseEvent.MOUSE_EXITED, e -> vm.pointerExited());
        vm.modeProperty().addListener((o, a, m) -> view.setCursor(ViewerAction.cursor(m)));
        view.setCursor(ViewerAction.cursor(vm.modeProperty().get()));
    }

    /** The viewer's single-key shortcuts; returns true when the key was one of them. */
    public boolean handleKey(KeyEvent e) {
        if (e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
            return false;
        }
        Optional<ViewerAction> action = ViewerAction.forKey(e.getCode());
        action.ifPresent(a -> a.perform(vm));
        return action.isPresent();
    }
}
