package io.lunglens.report.draw;

import java.util.ArrayList;
import java.util.List;

/** Text as a page can hold it: printable characters only, and lines wrapped to a width. */
public final class Texts {

    private Texts() {
    }

    /** Control characters (a tab or newline in a DICOM field, say) become spaces: a PDF line cannot hold them. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    /** Words set into lines no wider than width; a word longer than a line gets a line of its own. */
    public static List<String> wrap(Canvas c, String text, Canvas.Weight weight, float size, float width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : printable(text).split(" +")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && c.textWidth(candidate, weight, size) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
