package io.lunglens.imaging.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes small explicit VR little endian Part 10 files for tests: a file meta group, elements in the order
 * given, then native or encapsulated pixel data. It writes what it is told, including what a sloppy writer
 * would (odd-length fragments, a wrong offset table), so tests can build the files real devices produce.
 */
final class DicomWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    DicomWriter(String transferSyntaxUid) {
        out.write(new byte[128], 0, 128);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(0x00020001, "OB", new byte[] {0, 1});
        element(0x00020010, "UI", uid(transferSyntaxUid));
    }

    /** Rows, Columns, BitsAllocated/Stored, HighBit, PixelRepresentation 0, SamplesPerPixel, photometric. */
    DicomWriter image(int rows, int columns, int bits, int samples, String photometric) {
        us(0x00280002, samples);
        text(0x00280004, "CS", photometric);
        if (samples > 1) {
            us(0x00280006, 0);
        }
        us(0x00280010, rows);
        us(0x00280011, columns);
        us(0x00280100, bits);
        us(0x00280101, bits);
        us(0x00280102, bits - 1);
        return us(0x00280103, 0);
    }

    DicomWriter us(int tag, int value) {
        return element(tag, "US", new byte[] {(byte) value, (byte) (value >> 8)});
    }

    DicomWriter text(int tag, String vr, String value) {
        String v = value.length() % 2 == 0 ? value : value + " ";
        return element(tag, vr, v.getBytes(StandardCharsets.US_ASCII));
    }

    /** Native pixel data as OB (8-bit) or OW (16-bit, samples little endian), padded to an even length. */
    DicomWriter nativePixels(byte[] bytes, boolean ow) {
        byte[] even = bytes.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1);
        return element(0x7FE00010, ow ? "OW" : "OB", even);
    }

    /** Encapsulated pixel data: an offset table with these entries (none if empty), then the fragments as given. */
    DicomWriter encapsulated(int[] offsetTable, byte[]... fragments) {
        header(0x7FE00010, "OB", 0xFFFFFFFFL);
        byte[] table = new byte[offsetTable.length * 4];
        for (int i = 0; i < offsetTable.length; i++) {
            putInt(table, i * 4, offsetTable[i]);
        }
        item(0xFFFEE000, table);
        for (byte[] f : fragments) {
            item(0xFFFEE000, f);
        }
        item(0xFFFEE0DD, new byte[0]);
        return this;
    }

    Path write(Path file) throws IOException {
        return Files.write(file, out.toByteArray());
    }

    private DicomWriter element(int tag, String vr, byte[] value) {
        header(tag, vr, value.length);
        out.writeBytes(value);
        return this;
    }

    private void header(int tag, String vr, long length) {
        byte[] h;
        if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN")) {
            h = new byte[12];
            putInt(h, 8, (int) length);
        } else {
            h = new byte[8];
            h[6] = (byte) length;
            h[7] = (byte) (length >> 8);
        }
        putTag(h, tag);
        h[4] = (byte) vr.charAt(0);
        h[5] = (byte) vr.charAt(1);
        out.writeBytes(h);
    }

    private void item(int tag, byte[] value) {
        byte[] h = new byte[8];
        putTag(h, tag);
        putInt(h, 4, value.length);
        out.writeBytes(h);
        out.writeBytes(value);
    }

    private static byte[] uid(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
    }

    private static void putTag(byte[] b, int tag) {
        b[0] = (byte) (tag >> 16);
        b[1] = (byte) (tag >> 24);
        b[2] = (byte) tag;
        b[3] = (byte) (tag >> 8);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }
}
