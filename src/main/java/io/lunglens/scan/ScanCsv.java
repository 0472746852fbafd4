package io.lunglens.scan;

import io.lunglens.task.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The scan's CSV: which columns, how a row is written, and how a (possibly cut-off) file is read back. */
public final class ScanCsv {

    private static final List<String> BASE = List.of("path", "label", "p_positive_calibrated", "p_positive_raw", "ms",
            "width", "height", "format", "error", "frontal_cxr", "in_training_domain");

    private final boolean labelled;
    private final boolean identifiers;

    /**
     * @param labelled    adds true_label
     * @param identifiers adds patient_name and patient_id
     */
    public ScanCsv(boolean labelled, boolean identifiers) {
        this.labelled = labelled;
        this.identifiers = identifiers;
    }

    public List<String> columns() {
        List<String> c = new ArrayList<>(BASE);
        if (labelled) {
            c.add("true_label");
        }
        if (identifiers) {
            c.add("patient_name");
            c.add("patient_id");
        }
        return c;
    }

    public String header() {
        return String.join(",", columns()) + "\n";
    }

    public String line(ScanRow r) {
        List<String> columns = columns();
        List<Object> values = values(r);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            s.append(i > 0 ? "," : "").append(cell(columns.get(i), values.get(i)));
        }
        return s.append('\n').toString();
    }

    /**
     * The row's value in each of {@link #columns}: String, Double, Integer or Boolean, null where the CSV cell is
     * empty (no verdict, unknown size, no gate result for an unreadable file). Typed tables (spark/) take these.
     */
    public List<Object> values(ScanRow r) {
        List<Object> v = new ArrayList<>(Arrays.asList(r.path().toString(), r.label(), number(r.calibrated()),
                number(r.raw()), number(r.millis()), r.width() > 0 ? r.width() : null,
                r.height() > 0 ? r.height() : null, r.format(), r.error(), r.isError() ? null : r.frontalCxr(),
                r.isError() ? null : r.inDomain()));
        if (labelled) {
            v.add(r.trueLabel());
        }
        if (identifiers) {
            v.add(r.patientName());
            v.add(r.patientId());
        }
        return v;
    }

    /** The whole file for these rows. */
    public byte[] document(List<ScanRow> rows) {
        StringBuilder s = new StringBuilder(header());
        for (ScanRow r : rows) {
            s.append(line(r));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The complete rows of an earlier scan's output. A last line cut off by a crash is dropped. A file written with
     * other columns (other options) is refused, since mixing the two would give a table with holes.
     */
    public List<ScanRow> read(Path file) throws IOException {
        List<List<String>> records = records(Files.readString(file, StandardCharsets.UTF_8));
        if (records.isEmpty()) {
            return List.of();
        }
        if (!records.get(0).equals(columns())) {
            throw new IOException(file + ": written with other columns (" + String.join(",", records.get(0))
                    + "); scan again without --resume, or with the same options");
        }
        List<ScanRow> rows = new ArrayList<>();
        for (List<String> f : records.subList(1, records.size())) {
            if (f.size() != columns().size() || f.get(0).isEmpty()) {
                continue;
            }
            try {
                rows.add(row(f));
            } catch (RuntimeException e) {
                // A damaged line is scanned again rather than trusted.
            }
        }
        return rows;
    }

    /** The row whose cells, in {@link #columns} order, are these texts ("" for an empty cell). */
    public ScanRow row(List<String> f) {
        int n = f.size();
        return new ScanRow(Path.of(f.get(0)),
                new ScanRow.Verdict(f.get(1), parse(f.get(2)), parse(f.get(3))),
                new ScanRow.FileInfo(f.get(5).isEmpty() ? 0 : Integer.parseInt(f.get(5)),
                        f.get(6).isEmpty() ? 0 : Integer.parseInt(f.get(6)), f.get(7),
                        identifiers ? f.get(n - 2) : "", identifiers ? f.get(n - 1) : ""),
                new ScanRow.Gate("true".equals(f.get(9)), "true".equals(f.get(10))),
                parse(f.get(4)), f.get(8), labelled ? f.get(11) : "");
    }

    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** A value as its CSV cell: probabilities to 6 places, milliseconds to 1. */
    private static String cell(String column, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "ms".equals(column) ? "%.1f" : "%.6f", d);
        }
        return v instanceof String t ? Csv.quote(t) : v.toString();
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** RFC 4180 records; only those ended by a line break count, so a half-written last line is left out. */
    static List<List<String>> records(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                out.add(fields);
                fields = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        return out;
    }
}
