package io.lunglens.scan;

import io.lunglens.gate.GateResult;
import io.lunglens.task.OneLine;
import java.nio.file.Path;

/**
 * One scanned file: a verdict, or the reason it has none.
 *
 * @param path      the file
 * @param verdict   the model's answer, {@link Verdict#NONE} when the file could not be read
 * @param file      what the file says about itself, {@link FileInfo#UNKNOWN} when it could not be read
 * @param gate      the input gate's two checks, {@link Gate#REFUSED} on error
 * @param millis    time for this file: decoding and preprocessing plus its share of the batch's network pass
 * @param error     one-line reason, or "" when the file was read
 * @param trueLabel the class folder it lies in when the scanned folder is labelled, else ""
 */
public record ScanRow(Path path, Verdict verdict, FileInfo file, Gate gate, double millis, String error,
                      String trueLabel) {

    /**
     * @param label      the predicted class, or "" when the file could not be read
     * @param calibrated calibrated probability of the model's positive class, NaN on error
     * @param raw        uncalibrated softmax probability of the positive class, NaN on error
     */
    public record Verdict(String label, double calibrated, double raw) {
        public static final Verdict NONE = new Verdict("", Double.NaN, Double.NaN);

        public Verdict {
            label = nz(label);
        }
    }

    /**
     * @param width       image width, 0 when unknown
     * @param height      image height, 0 when unknown
     * @param format      "PNG", "DICOM", ..., or "" when unknown
     * @param patientName DICOM PatientName, "" unless identifiers were asked for
     * @param patientId   DICOM PatientID, "" unless identifiers were asked for
     */
    public record FileInfo(int width, int height, String format, String patientName, String patientId) {
        public static final FileInfo UNKNOWN = new FileInfo(0, 0, "", "", "");

        public FileInfo {
            format = nz(format);
            patientName = nz(patientName);
            patientId = nz(patientId);
        }
    }

    /**
     * @param frontalCxr the input gate's frontal check accepted the image
     * @param inDomain   the image lies within the model's training data, as far as the model can tell
     */
    public record Gate(boolean frontalCxr, boolean inDomain) {
        public static final Gate REFUSED = new Gate(false, false);
    }

    public ScanRow {
        error = OneLine.of(nz(error));
        trueLabel = nz(trueLabel);
    }

    static ScanRow failed(Path path, String error, double millis, String trueLabel) {
        return new ScanRow(path, Verdict.NONE, FileInfo.UNKNOWN, Gate.REFUSED, millis, error, trueLabel);
    }

    public String label() {
        return verdict.label();
    }

    public double calibrated() {
        return verdict.calibrated();
    }

    public double raw() {
        return verdict.raw();
    }

    public int width() {
        return file.width();
    }

    public int height() {
        return file.height();
    }

    public String format() {
        return file.format();
    }

    public String patientName() {
        return file.patientName();
    }

    public String patientId() {
        return file.patientId();
    }

    public boolean frontalCxr() {
        return gate.frontalCxr();
    }

    public boolean inDomain() {
        return gate.inDomain();
    }

    /** The file was read but the input gate refused it: its verdict is not to be trusted or counted. */
    public boolean isGated() {
        return !isError() && !(frontalCxr() && inDomain());
    }

    /** Why the gate refused the image ("not a frontal chest X-ray", ...), or "" when it passed or was unreadable. */
    public String gateReason() {
        return isGated() ? GateResult.shortReason(frontalCxr(), inDomain()) : "";
    }

    /** The same row under the path the file has now (a resumed scan lists files afresh). */
    ScanRow at(Path now) {
        return new ScanRow(now, verdict, file, gate, millis, error, trueLabel);
    }

    public boolean isError() {
        return !error.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
