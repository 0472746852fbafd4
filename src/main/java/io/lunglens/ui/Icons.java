package io.lunglens.ui;

import org.kordamp.ikonli.javafx.FontIcon;

/** Every icon the window shows (Material Design Icons through Ikonli), named by what it stands for. */
public final class Icons {

    public static final String OPEN_IMAGE = "mdi2f-file-image-outline";
    public static final String OPEN_FOLDER = "mdi2f-folder-open-outline";
    public static final String CHOOSE_FOLDER = "mdi2f-folder-open";
    public static final String SAMPLES = "mdi2i-image-multiple-outline";
    public static final String PACS = "mdi2d-database-search-outline";
    public static final String EXPORT = "mdi2e-export";
    public static final String REPORT = "mdi2f-file-document-outline";
    public static final String FIT = "mdi2f-fit-to-page-outline";
    public static final String ACTUAL_SIZE = "mdi2n-numeric-1-box-outline";
    public static final String ZOOM_IN = "mdi2m-magnify-plus-outline";
    public static final String ZOOM_OUT = "mdi2m-magnify-minus-outline";
    public static final String PAN = "mdi2h-hand-back-right-outline";
    public static final String WINDOW_LEVEL = "mdi2c-contrast-box";
    public static final String ZOOM_DRAG = "mdi2m-magnify-scan";
    public static final String INVERT = "mdi2i-invert-colors";
    public static final String RESET = "mdi2r-restore";
    public static final String OVERLAY = "mdi2l-layers-outline";
    public static final String MODEL_CARD = "mdi2c-card-text-outline";
    public static final String ABOUT = "mdi2i-information-outline";
    /** The intended-use notice and the input gate's refusal. */
    public static final String SAFETY = "mdi2s-shield-alert-outline";
    public static final String PROBLEM = "mdi2a-alert-circle-outline";
    public static final String VIEWER_TAB = "mdi2m-magnify";
    public static final String SCAN_TAB = "mdi2f-folder-search-outline";
    public static final String RETRAIN_TAB = "mdi2c-chart-line";
    public static final String EVALUATE_TAB = "mdi2c-check-decagram-outline";
    public static final String START = "mdi2p-play";
    public static final String STOP = "mdi2s-stop";
    public static final String SYNTHETIC = "mdi2f-flask-outline";
    public static final String WARNING = "mdi2a-alert-outline";
    /** A verdict shown against the gate, a suspected shortcut. */
    public static final String STRONG_WARNING = "mdi2a-alert-octagon-outline";
    /** How long a run will take, or has left. */
    public static final String DURATION = "mdi2t-timer-outline";

    private Icons() {
    }

    public static FontIcon icon(String name) {
        return new FontIcon(name);
    }
}
