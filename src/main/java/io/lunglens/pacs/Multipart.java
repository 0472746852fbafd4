package io.lunglens.pacs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** multipart/related bodies (RFC 2387) as WADO-RS answers and STOW-RS takes them. */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|[^;\\s]+)");
    private static final byte[] CRLF = {'\r', '\n'};

    private Multipart() {
    }

    /** A body of parts of one content type, and the Content-Type header that goes with it. */
    record Body(String contentType, byte[] bytes) {
    }

    static Body of(String partType, List<byte[]> parts) {
        String boundary = "lunglens-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(ascii("--" + boundary + "\r\nContent-Type: " + partType + "\r\n\r\n"));
            out.writeBytes(part);
            out.writeBytes(CRLF);
        }
        out.writeBytes(ascii("--" + boundary + "--\r\n"));
        return new Body("multipart/related; type=\"" + partType + "\"; boundary=" + boundary, out.toByteArray());
    }

    /** The parts' bodies, in order; the part headers are skipped. */
    static List<byte[]> parts(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/") || !m.find()) {
            throw new PacsException("the server answered " + (contentType == null ? "without a content type"
                    : contentType.split(";")[0]) + ", not multipart/related");
        }
        byte[] delimiter = ascii("--" + (m.group(2) != null ? m.group(2) : m.group(1)));
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int lineEnd = at + delimiter.length;
            if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                return parts;
            }
            int headersEnd = indexOf(body, ascii("\r\n\r\n"), lineEnd);
            if (headersEnd < 0) {
                break;
            }
            int start = headersEnd + 4;
            int next = indexOf(body, concat(CRLF, delimiter), start);
            if (next < 0) {
                break;
            }
            parts.add(java.util.Arrays.copyOfRange(body, start, next));
            at = next + 2;
        }
        throw new PacsException("the server's multipart answer ends early (" + body.length + " bytes)");
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
