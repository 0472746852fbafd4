package io.lunglens.scan;

import io.lunglens.gate.GateResult;
import io.lunglens.task.OneLine;
import java.nio.file.Path;

/**
 * One scanned file: a verdict, or the reason it has none.
 *
 * @param path        the file
 * @param label       the predicted class, or "" when the file could not be read
 * @param calibrated  calibrated probability of the model's positive class, NaN on error
 * @param raw         uncalibrated softmax probability of the positive class, NaN on error
 * @param millis      time for this file: decoding and preprocessing plus its share of the batch's network pass
 * @param width       image width, 0 when unknown
 * @param height      image height, 0 when unknown
 * @param format      "PNG", "DICOM", ..., or "" when unknown
 * @param error       one-line reason, or "" when the file was read
 * @param trueLabel   the class folder it lies in when the scanned folder is labelled, else ""
 * @param patientName DICOM PatientName, "" unless identifiers were asked for
 * @param patientId   DICOM PatientID, "" unless identifiers were asked for
 * @param frontalCxr  the input gate's frontal check accepted the image (false on error)
 * @param inDomain    the image lies within the model's training data, as far as the model can tell (false on error)
 */
public record ScanRow(Path path, String label, double calibrated, double raw, double millis, int width, int height,
                      String format, String error, String trueLabel, String patientName, String patientId,
                      boolean frontalCxr, boolean inDomain) {

    public ScanRow {
        label = nz(label);
        format = nz(format);
        error = OneLine.of(nz(error));
        trueLabel = nz(trueLabel);
        patientName = nz(patientName);
        patientId = nz(patientId);
    }

    static ScanRow failed(Path path, String error, double millis, String trueLabel) {
        return new ScanRow(path, "", Double.NaN, Double.NaN, millis, 0, 0, "", error, trueLabel, "", "", false, false);
    }

    /** The file was read but the input gate refused it: its verdict is not to be trusted or counted. */
    public boolean isGated() {
        return !isError() && !(frontalCxr && inDomain);
    }

    /** Why the gate refused the image ("not a frontal chest X-ray", ...), or "" when it passed or was unreadable. */
    public String gateReason() {
        return !isGated() ? "" : !frontalCxr ? GateResult.NOT_FRONTAL : GateResult.OUTSIDE_DOMAIN;
    }

    /** The same row under the path the file has now (a resumed scan lists files afresh). */
    ScanRow at(Path now) {
        return new ScanRow(now, label, calibrated, raw, millis, width, height, format, error, trueLabel, patientName,
                patientId, frontalCxr, inDomain);
    }

    public boolean isError() {
        return !error.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
