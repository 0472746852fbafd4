package io.lunglens.imaging.dicom;

import java.util.List;

/**
 * Finds the first frame of the pixel data: all of it for a single frame, the first frame's share of a
 * multi-frame image. Native samples come back as planes (one int per sample, as stored).
 */
final class FirstFrame {

    private FirstFrame() {
    }

    /**
     * The native samples of the first frame.
     *
     * @param planes how many planes to return: 1 (gray, or only the Y of YBR) or 3
     * @param ybr422 YBR_FULL_422: two pixels share one Cb and one Cr, stored Y Y Cb Cr (PS3.3 C.7.6.3.1.2)
     */
    static int[][] nativePlanes(DicomHeader h, int samples, int frames, int planes, boolean ybr422)
            throws DicomException {
        int pixels = h.rows * h.columns;
        int bytesPerSample = h.bitsAllocated / 8;
        long frameBytes = (long) pixels * (ybr422 ? 2 : samples) * bytesPerSample;
        long expected = frameBytes * frames;
        // Bytes beyond the frames (a pad byte after an odd size, PS3.5 7.1.1, or a writer's padding) are
        // ignored, as dcmtk and pydicom do; fewer bytes than the frames need is damage.
        if (h.pixelLength < expected) {
            throw new DicomException("pixel data has " + h.pixelLength + " bytes but " + frames + " frame(s) of "
                    + h.columns + "x" + h.rows + "x" + samples + "x" + bytesPerSample + " need " + expected);
        }
        h.excessPixelBytes = h.pixelLength - expected - expected % 2;
        boolean planar = h.planarConfiguration == 1;
        // 8-bit samples in a big-endian OW value sit swapped within each 16-bit word.
        int swap = h.transferSyntax.bigEndian && bytesPerSample == 1 && "OW".equals(h.pixelVr) ? 1 : 0;
        int[][] out = new int[planes][pixels];
        for (int s = 0; s < planes; s++) {
            for (int p = 0; p < pixels; p++) {
                long index = ybr422 ? (p >> 1) * 4L + (p & 1) : planar ? (long) s * pixels + p : (long) p * samples + s;
                out[s][p] = word(h, (int) (index * bytesPerSample), bytesPerSample, swap);
            }
        }
        return out;
    }

    private static int word(DicomHeader h, int offset, int bytesPerSample, int swap) {
        byte[] b = h.data;
        if (bytesPerSample == 1) {
            return b[h.pixelOffset + (offset ^ swap)] & 0xFF;
        }
        int at = h.pixelOffset + offset;
        int first = b[at] & 0xFF;
        int second = b[at + 1] & 0xFF;
        return h.transferSyntax.bigEndian ? first << 8 | second : second << 8 | first;
    }

    /** The fragments of the first frame, concatenated. */
    static byte[] encapsulated(DicomHeader h, int frames) throws DicomException {
        List<int[]> f = h.fragments;
        int count = frames == 1 ? f.size() : fragmentsOfFirstFrame(h, frames);
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += f.get(i)[1];
        }
        if (total > DicomReader.MAX_FILE_BYTES) {
            throw new DicomException("encapsulated pixel data too large");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(h.data, f.get(i)[0], out, at, f.get(i)[1]);
            at += f.get(i)[1];
        }
        return out;
    }

    /**
     * How many fragments make up the first of several frames: one each when there are as many fragments as
     * frames (always so for RLE, PS3.5 A.4.2), else up to the second offset of a basic offset table that
     * points at a fragment, else up to the next fragment that starts a JPEG or JPEG 2000 codestream.
     */
    private static int fragmentsOfFirstFrame(DicomHeader h, int frames) throws DicomException {
        List<int[]> f = h.fragments;
        if (f.size() == frames || h.transferSyntax.codec == TransferSyntax.Codec.RLE) {
            return 1;
        }
        int byTable = byOffsetTable(h);
        if (byTable > 0) {
            return byTable;
        }
        for (int i = 1; i < f.size(); i++) {
            if (startsCodestream(h.data, f.get(i)[0], f.get(i)[1])) {
                return i;
            }
        }
        throw new DicomException("cannot tell where the first of " + frames + " frames ends in "
                + f.size() + " fragments");
    }

    /** The index of the fragment whose item starts where the offset table says frame 2 starts, or -1. */
    private static int byOffsetTable(DicomHeader h) {
        int[] table = h.offsetTable;
        if (table == null || table[1] < 8 || table[1] % 4 != 0) {
            return -1;
        }
        byte[] b = h.data;
        int at = table[0] + 4;
        long second = (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
        int firstItem = h.fragments.get(0)[0] - 8;
        for (int i = 1; i < h.fragments.size(); i++) {
            if (h.fragments.get(i)[0] - 8 - firstItem == second) {
                return i;
            }
        }
        return -1;
    }

    /** JPEG SOI (FFD8), JPEG 2000 codestream SOC (FF4F) or a JP2 signature box. */
    private static boolean startsCodestream(byte[] b, int at, int length) {
        if (length < 2 || (b[at] & 0xFF) != 0xFF) {
            return length >= 8 && b[at + 4] == 'j' && b[at + 5] == 'P' && b[at + 6] == ' ' && b[at + 7] == ' ';
        }
        int marker = b[at + 1] & 0xFF;
        return marker == 0xD8 || marker == 0x4F;
    }
}
