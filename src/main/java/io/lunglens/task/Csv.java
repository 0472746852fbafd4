package io.lunglens.task;

/** CSV fields as every CSV LungLens writes them (scan rows, evaluation rows). */
public final class Csv {

    private Csv() {
    }

    /** Quotes a CSV field when it needs it (RFC 4180). */
    public static String quote(String v) {
        if (v == null) {
            return "";
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
