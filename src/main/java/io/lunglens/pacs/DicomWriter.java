package io.lunglens.pacs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small DICOM Part 10 writer: explicit VR little endian, flat data sets (no sequences), elements written in tag
 * order. Enough for the images LungLens creates; reading stays with {@code io.lunglens.imaging.dicom}.
 */
public final class DicomWriter {

    /** The transfer syntax every file of this writer uses. */
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String IMPLEMENTATION_UID = "2.25.207553468917385212264262519385307520613";
    private static final Set<String> LONG_HEADER = Set.of("OB", "OW", "OF", "SQ", "UT", "UN", "UC", "UR");

    private final Map<Integer, byte[]> values = new TreeMap<>(Integer::compareUnsigned);
    private final Map<Integer, String> vrs = new TreeMap<>(Integer::compareUnsigned);

    /** A text element (UI, CS, LO, PN, DA, TM, SH, LT, IS, DS, ...); null or empty leaves it empty (type 2). */
    public DicomWriter text(int tag, String vr, String value) {
        byte[] b = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        return put(tag, vr, pad(b, vr.equals("UI") ? 0 : ' '));
    }

    /** An unsigned short element. */
    public DicomWriter us(int tag, int value) {
        return put(tag, "US", new byte[] {(byte) value, (byte) (value >>> 8)});
    }

    /** A binary element: OB (bytes) or OW (little-endian words). */
    public DicomWriter binary(int tag, String vr, byte[] value) {
        return put(tag, vr, pad(value, 0));
    }

    private DicomWriter put(int tag, String vr, byte[] value) {
        if ((tag >>> 16) == 0x0002) {
            throw new IllegalArgumentException("file meta elements are written by toPart10");
        }
        values.put(tag, value);
        vrs.put(tag, vr);
        return this;
    }

    /** The Part 10 file: preamble, "DICM", file meta information and the data set. */
    public byte[] toPart10(String sopClassUid, String sopInstanceUid) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x00020001, "OB", new byte[] {0, 1});
        element(meta, 0x00020002, "UI", pad(ascii(sopClassUid), 0));
        element(meta, 0x00020003, "UI", pad(ascii(sopInstanceUid), 0));
        element(meta, 0x00020010, "UI", pad(ascii(EXPLICIT_LE), 0));
        element(meta, 0x00020012, "UI", pad(ascii(IMPLEMENTATION_UID), 0));
        element(meta, 0x00020013, "SH", pad(ascii("LUNGLENS"), ' '));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes(ascii("DICM"));
        int length = meta.size();
        element(out, 0x00020000, "UL", new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16),
            (byte) (length >>> 24)});
        out.writeBytes(meta.toByteArray());
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            element(out, e.getKey(), vrs.get(e.getKey()), e.getValue());
        }
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
        short16(out, tag >>> 16);
        short16(out, tag & 0xFFFF);
        out.writeBytes(ascii(vr));
        if (LONG_HEADER.contains(vr)) {
            short16(out, 0);
            short16(out, value.length & 0xFFFF);
            short16(out, value.length >>> 16);
        } else {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException(String.format("value of (%04x,%04x) too long for %s",
                        tag >>> 16, tag & 0xFFFF, vr));
            }
            short16(out, value.length);
        }
        out.writeBytes(value);
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** DICOM values have even lengths: UIDs and binary values pad with a zero byte, text with a space. */
    private static byte[] pad(byte[] b, int with) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = (byte) with;
        return p;
    }
}
