package io.lunglens.ui.viewer;

import io.lunglens.imaging.WindowLevel;
import io.lunglens.imaging.WindowOp;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.EvidenceMethod;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The state of the image viewer: which image, how it is windowed, where it sits on screen, and the evidence
 * overlay. Screen position = image position * scale + translate. Rendering is WindowOp over the raw values.
 */
public final class ViewerViewModel {

    public static final double MIN_SCALE = 0.02;
    public static final double MAX_SCALE = 32;
    /** One step of +/- or of the wheel. */
    public static final double ZOOM_STEP = 1.25;
    /** A full-range window change needs this many pixels of drag. */
    static final double WINDOW_DRAG_PIXELS = 600;

    /** What a left drag does; a right drag always windows. */
    public enum Mode { PAN, WINDOW, ZOOM }

    private static final PixelFormat<ByteBuffer> GRAY = grayPalette();

    private final ReadOnlyObjectWrapper<XrayImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<WindowLevel> window = new ReadOnlyObjectWrapper<>(this, "window");
    private final BooleanProperty inverted = new SimpleBooleanProperty(this, "inverted");
    private final ReadOnlyDoubleWrapper scale = new ReadOnlyDoubleWrapper(this, "scale", 1);
    private final ReadOnlyDoubleWrapper translateX = new ReadOnlyDoubleWrapper(this, "translateX");
    private final ReadOnlyDoubleWrapper translateY = new ReadOnlyDoubleWrapper(this, "translateY");
    private final ReadOnlyBooleanWrapper fitted = new ReadOnlyBooleanWrapper(this, "fitted", true);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.PAN);
    private final ReadOnlyObjectWrapper<Image> display = new ReadOnlyObjectWrapper<>(this, "display");
    private final ReadOnlyStringWrapper pixelText = new ReadOnlyStringWrapper(this, "pixelText", "");
    private final ReadOnlyStringWrapper zoomText = new ReadOnlyStringWrapper(this, "zoomText", "");
    private final ReadOnlyStringWrapper windowText = new ReadOnlyStringWrapper(this, "windowText", "");
    private final ObservableList<WindowPreset> presets = FXCollections.observableArrayList();
    private final ObjectProperty<WindowPreset> preset = new SimpleObjectProperty<>(this, "preset");

    private final ReadOnlyObjectWrapper<Image> overlay = new ReadOnlyObjectWrapper<>(this, "overlay");
    private final ReadOnlyStringWrapper mapNote = new ReadOnlyStringWrapper(this, "mapNote", "");
    private boolean withheld;
    static final String WITHHELD_NOTE = "No evidence map while there is no verdict: the input gate refused this"
            + " image. \"Show the verdict anyway\" shows both.";
    private final BooleanProperty overlayVisible = new SimpleBooleanProperty(this, "overlayVisible", true);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(this, "overlayOpacity", 0.45);
    private final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(this, "colormap", Colormap.JET);
    private final ObservableList<String> camClasses = FXCollections.observableArrayList();
    private final IntegerProperty camClass = new SimpleIntegerProperty(this, "camClass", 0);
    private final ObjectProperty<EvidenceMethod> checkMethod = new SimpleObjectProperty<>(this, "checkMethod",
            EvidenceMethod.FAST);

    private double viewportWidth;
    private double viewportHeight;
    private double[] valueRange = {0, 255};
    private byte[] gray = new byte[0];
    private final ObjectProperty<EvidenceMap> evidenceMap = new SimpleObjectProperty<>(this, "evidenceMap",
            EvidenceMap.GRAD_CAM);
    private final EnumMap<EvidenceMap, Layer> maps = new EnumMap<>(EvidenceMap.class);

    /** One evidence map, row-major values in [0, 1] stretched over the whole image. */
    private record Layer(float[] values, int width, int height) {
        /** Maps are scaled to peak at 1; all zeros means the map found nothing. */
        boolean empty() {
            for (float v : values) {
                if (v > 0) {
                    return false;
                }
            }
            return true;
        }
    }
    private boolean applyingPreset;

    public ViewerViewModel() {
        inverted.addListener((o, a, b) -> render());
        colormap.addListener((o, a, b) -> renderOverlay());
        evidenceMap.addListener((o, a, b) -> renderOverlay());
        preset.addListener((o, a, p) -> {
            if (p != null && image.get() != null) {
                applyingPreset = true;
                setWindow(p.window(image.get()));
                applyingPreset = false;
            }
        });
        zoomText.bind(Bindings.createStringBinding(() -> image.get() == null ? ""
                : String.format(Locale.ROOT, "Zoom %.0f%%", scale.get() * 100), scale, image));
    }

    /** Shows a new image: fitted, its own window (or the default), not inverted; the old overlay goes. */
    public void setImage(XrayImage img) {
        clearMaps();
        valueRange = WindowPreset.modalityRange(img);
        if (gray.length != img.width() * img.height()) {
            gray = new byte[img.width() * img.height()];
        }
        Image old = display.get();
        if (old == null || old.getWidth() != img.width() || old.getHeight() != img.height()) {
            display.set(new WritableImage(img.width(), img.height()));
        }
        image.set(img);
        presets.setAll(WindowPreset.forImage(img));
        inverted.set(false);
        window.set(null);
        preset.set(null);
        preset.set(presets.get(0));
        fit();
    }

    // ---- geometry

    /** The viewer's size in pixels; a fitted view follows it. */
    public void setViewport(double width, double height) {
        viewportWidth = width;
        viewportHeight = height;
        if (fitted.get()) {
            fit();
        }
    }

    /** Whole image in the viewport, centered, aspect kept. */
    public void fit() {
        XrayImage img = image.get();
        if (img == null || viewportWidth <= 0 || viewportHeight <= 0) {
            fitted.set(true);
            return;
        }
        double s = clampScale(Math.min(viewportWidth / img.width(), viewportHeight / img.height()));
        scale.set(s);
        translateX.set((viewportWidth - img.width() * s) / 2);
        translateY.set((viewportHeight - img.height() * s) / 2);
        fitted.set(true);
    }

    /** One image pixel per screen pixel, keeping the point at the viewport centre in place. */
    public void actualSize() {
        zoomAt(1 / scale.get(), viewportWidth / 2, viewportHeight / 2);
    }

    /** Multiplies the zoom, keeping the image point under (sx, sy) where it is. */
    public void zoomAt(double factor, double sx, double sy) {
        double s = scale.get();
        double next = clampScale(s * factor);
        double ix = (sx - translateX.get()) / s;
        double iy = (sy - translateY.get()) / s;
        scale.set(next);
        translateX.set(sx - ix * next);
        translateY.set(sy - iy * next);
        fitted.set(false);
    }

    /** Zoom around the viewport centre (keys + and -). */
    public void zoomStep(boolean in) {
        zoomAt(in ? ZOOM_STEP : 1 / ZOOM_STEP, viewportWidth / 2, viewportHeight / 2);
    }

    public void panBy(double dx, double dy) {
        translateX.set(translateX.get() + dx);
        translateY.set(translateY.get() + dy);
        fitted.set(false);
    }

    /** A window drag: right widens the window, down raises its center, both scaled to the image's range. */
    public void windowDrag(double dx, double dy) {
        WindowLevel w = window.get();
        if (w == null) {
            return;
        }
        double perPixel = (valueRange[1] - valueRange[0] + 1) / WINDOW_DRAG_PIXELS;
        setWindow(w.adjust(dy * perPixel, dx * perPixel));
    }

    /** Back to the state of a freshly opened image (R). */
    public void reset() {
        if (image.get() == null) {
            return;
        }
        inverted.set(false);
        preset.set(null);
        preset.set(presets.get(0));
        fit();
    }

    /** Image pixel under a screen point, or null outside the image. */
    public int[] imagePoint(double sx, double sy) {
        XrayImage img = image.get();
        if (img == null) {
            return null;
        }
        int x = (int) Math.floor((sx - translateX.get()) / scale.get());
        int y = (int) Math.floor((sy - translateY.get()) / scale.get());
        return x < 0 || y < 0 || x >= img.width() || y >= img.height() ? null : new int[] {x, y};
    }

    /** Updates the pixel read-out for the pointer at a screen point. */
    public void pointerAt(double sx, double sy) {
        int[] p = imagePoint(sx, sy);
        if (p == null) {
            pixelText.set("");
            return;
        }
        XrayImage img = image.get();
        String text = "x " + p[0] + "  y " + p[1] + "  value " + img.get(p[0], p[1]);
        if (img.info().rescaleSlope() != 1.0 || img.info().rescaleIntercept() != 0.0) {
            text += String.format(Locale.ROOT, " (%.1f)", img.modality(p[0], p[1]));
        }
        pixelText.set(text);
    }

    public void pointerExited() {
        pixelText.set("");
    }

    // ---- windowing and rendering

    private void setWindow(WindowLevel w) {
        window.set(w);
        if (!applyingPreset) {
            preset.set(null);
        }
        windowText.set(String.format(Locale.ROOT, "W %.0f  L %.0f", w.width(), w.center()));
        render();
    }

    private void render() {
        XrayImage img = image.get();
        WindowLevel w = window.get();
        if (img == null || w == null) {
            return;
        }
        WindowOp.apply(img, w, inverted.get(), gray);
        ((WritableImage) display.get()).getPixelWriter()
                .setPixels(0, 0, img.width(), img.height(), GRAY, gray, 0, img.width());
    }

    // ---- overlay

    /** Sets one kind of evidence map (values in [0, 1]); it is stretched over the whole image. */
    public void setMap(EvidenceMap kind, float[] values, int width, int height) {
        maps.put(kind, new Layer(values.clone(), width, height));
        renderOverlay();
    }

    /** True when the map of that kind has arrived for the current image. */
    public boolean hasMap(EvidenceMap kind) {
        return maps.containsKey(kind);
    }

    /**
     * Keeps the evidence maps off screen while no verdict is shown (the input gate refused the image): a map
     * explains a verdict, and drawn alone it would read as one.
     */
    public void setEvidenceWithheld(boolean w) {
        withheld = w;
        renderOverlay();
    }

    /** Forgets every map: a new image or a new verdict is on its way. */
    public void clearMaps() {
        withheld = false;
        maps.clear();
        overlay.set(null);
        mapNote.set("");
    }

    public void setCamClasses(List<String> names, int selected) {
        camClasses.setAll(names);
        camClass.set(selected);
    }

    private void renderOverlay() {
        Layer m = maps.get(evidenceMap.get());
        boolean empty = m != null && m.empty();
        // An empty map would draw as a flat wash of the colour scale's lowest colour: say what it means instead.
        mapNote.set(m != null && withheld ? WITHHELD_NOTE : empty ? evidenceMap.get().emptyNote() : "");
        if (m == null || empty || withheld) {
            overlay.set(null);
            return;
        }
        WritableImage img = new WritableImage(m.width(), m.height());
        img.getPixelWriter().setPixels(0, 0, m.width(), m.height(), PixelFormat.getIntArgbInstance(),
                colormap.get().render(m.values()), 0, m.width());
        overlay.set(img);
    }

    private static double clampScale(double s) {
        return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
    }

    private static PixelFormat<ByteBuffer> grayPalette() {
        int[] argb = new int[256];
        for (int i = 0; i < 256; i++) {
            argb[i] = 0xFF000000 | i << 16 | i << 8 | i;
        }
        return PixelFormat.createByteIndexedInstance(argb);
    }

    // ---- properties

    public ReadOnlyObjectProperty<XrayImage> imageProperty() { return image.getReadOnlyProperty(); }

    /** Empty, or why the chosen evidence map shows nothing. */
    public ReadOnlyStringProperty mapNoteProperty() { return mapNote.getReadOnlyProperty(); }

    public XrayImage getImage() { return image.get(); }

    public ReadOnlyObjectProperty<WindowLevel> windowProperty() { return window.getReadOnlyProperty(); }

    public BooleanProperty invertedProperty() { return inverted; }

    public ReadOnlyDoubleProperty scaleProperty() { return scale.getReadOnlyProperty(); }

    public ReadOnlyDoubleProperty translateXProperty() { return translateX.getReadOnlyProperty(); }

    public ReadOnlyDoubleProperty translateYProperty() { return translateY.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty fittedProperty() { return fitted.getReadOnlyProperty(); }

    public ObjectProperty<Mode> modeProperty() { return mode; }

    /** The windowed image, re-rendered in place when the window or invert changes. */
    public ReadOnlyObjectProperty<Image> displayProperty() { return display.getReadOnlyProperty(); }

    public ReadOnlyStringProperty pixelTextProperty() { return pixelText.getReadOnlyProperty(); }

    public ReadOnlyStringProperty zoomTextProperty() { return zoomText.getReadOnlyProperty(); }

    public ReadOnlyStringProperty windowTextProperty() { return windowText.getReadOnlyProperty(); }

    public ObservableList<WindowPreset> getPresets() { return presets; }

    /** The preset in force; null once the window has been dragged away from it. */
    public ObjectProperty<WindowPreset> presetProperty() { return preset; }

    /** The chosen evidence map (Grad-CAM or occlusion), colormapped; null when there is none or it is withheld. */
    public ReadOnlyObjectProperty<Image> overlayProperty() { return overlay.getReadOnlyProperty(); }

    public BooleanProperty overlayVisibleProperty() { return overlayVisible; }

    public DoubleProperty overlayOpacityProperty() { return overlayOpacity; }

    public ObjectProperty<Colormap> colormapProperty() { return colormap; }

    public ObservableList<String> getCamClasses() { return camClasses; }

    /** The class the evidence maps explain. */
    public IntegerProperty camClassProperty() { return camClass; }

    /** The map the overlay shows. */
    public ObjectProperty<EvidenceMap> evidenceMapProperty() { return evidenceMap; }
    /** How the shortcut check makes the occlusion map: fast (lung fields as a whole) or thorough (8×8 grid). */
    public ObjectProperty<EvidenceMethod> checkMethodProperty() { return checkMethod; }
}
