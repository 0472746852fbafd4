package io.lunglens.report.draw;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of an evaluation or training report, drawn by XChart from plain values: as PNG (headless) or, through
 * {@link Canvas#chart}, as vector graphics on a PDF page. One look for all of them: the report font, white ground.
 */
public final class Charts {

    public static final Color TRAINING = new Color(0x1f77b4);
    public static final Color VALIDATION = new Color(0xd62728);
    public static final Color CALIBRATED = new Color(0x2ca02c);
    private static final Color CHANCE = new Color(0x9a9a9a);
    /** The size charts are laid out at, in pixels; a page scales them into its boxes. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 380;

    private Charts() {
    }

    /**
     * Training and validation loss per epoch, with a marked line at the epoch where overfitting was flagged.
     *
     * @param overfitEpoch the flagged epoch, or 0 for none
     */
    public static XYChart loss(double[] epochs, double[] training, double[] validation, int overfitEpoch) {
        XYChart c = chart("Loss per epoch", "epoch", "cross-entropy loss");
        line(c, "training", epochs, training, TRAINING, false);
        line(c, "validation", epochs, validation, VALIDATION, false);
        if (overfitEpoch > 0) {
            c.addAnnotation(new AnnotationLine(overfitEpoch, true, false));
            c.addAnnotation(new AnnotationText("overfitting flagged", overfitEpoch, max(training, validation), false));
        }
        c.getStyler().setXAxisDecimalPattern("0");
        // Curves fill the top right early on; the legend goes below the plot, clear of them and of the marker.
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return c;
    }

    /** The ROC curve against the chance diagonal; the title gives the AUC and its 95% interval. */
    public static XYChart roc(double[] falsePositiveRate, double[] truePositiveRate, double auc, double low,
                              double high) {
        XYChart c = chart(String.format(Locale.ROOT, "ROC — AUC %.3f (95%% CI %.3f–%.3f)", auc, low, high),
                "false positive rate (1 − specificity)", "true positive rate (sensitivity)");
        unitAxes(c);
        line(c, "chance", new double[] {0, 1}, new double[] {0, 1}, CHANCE, true);
        line(c, "model", falsePositiveRate, truePositiveRate, TRAINING, false);
        return c;
    }

    /**
     * A reliability diagram: in each confidence bin, the observed share of positives against the mean predicted
     * probability, before and after calibration. Empty bins are left out.
     */
    public static XYChart reliability(List<double[]> uncalibrated, List<double[]> calibrated) {
        XYChart c = chart("Reliability", "predicted probability of the positive class", "observed share positive");
        unitAxes(c);
        line(c, "perfect calibration", new double[] {0, 1}, new double[] {0, 1}, CHANCE, true);
        points(c, "before calibration", uncalibrated, VALIDATION);
        points(c, "after calibration", calibrated, CALIBRATED);
        return c;
    }

    /** The chart as a PNG of the given size in pixels. */
    public static byte[] png(Chart<?, ?> chart, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.paint(g, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(new Color(0xd0d0d0));
        s.setChartTitleFont(ReportFonts.awt(Canvas.Weight.BOLD, 14));
        s.setLegendFont(ReportFonts.awt(Canvas.Weight.REGULAR, 11));
        s.setAxisTitleFont(ReportFonts.awt(Canvas.Weight.REGULAR, 12));
        s.setAxisTickLabelsFont(ReportFonts.awt(Canvas.Weight.REGULAR, 10));
        s.setAnnotationTextFont(ReportFonts.awt(Canvas.Weight.REGULAR, 10));
        s.setAnnotationLineColor(new Color(0x8a5a00));
        s.setAnnotationTextFontColor(new Color(0x8a5a00));
        s.setChartTitleBoxVisible(false);
        s.setChartFontColor(new Color(0x202020));
        return c;
    }

    private static void unitAxes(XYChart c) {
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color colour, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(dashed || x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        if (dashed) {
            s.setLineStyle(SeriesLines.DASH_DASH);
        }
    }

    /** Bins as [mean predicted, observed] pairs, joined by a thin line. */
    private static void points(XYChart c, String name, List<double[]> bins, Color colour) {
        double[] x = bins.stream().mapToDouble(b -> b[0]).toArray();
        double[] y = bins.stream().mapToDouble(b -> b[1]).toArray();
        if (x.length == 0) {
            return;
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(SeriesMarkers.DIAMOND);
    }

    private static double max(double[] a, double[] b) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        for (double v : b) {
            m = Math.max(m, v);
        }
        return m;
    }
}
