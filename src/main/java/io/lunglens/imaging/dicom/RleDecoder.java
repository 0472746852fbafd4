package io.lunglens.imaging.dicom;

import java.util.Arrays;

/** DICOM RLE Lossless (PS3.5 Annex G) for one frame of 1 or 3 samples of 8 or 16 bits allocated. */
final class RleDecoder {

    private static final int HEADER = 64;

    private RleDecoder() {
    }

    /**
     * Decodes a frame into one plane of sample words per sample (segments go sample by sample, and within a
     * sample of 16 bits the first segment holds the high bytes).
     *
     * @param frame the concatenated fragments of the frame
     */
    static int[][] decode(byte[] frame, int pixels, int bytesPerSample, int samples) throws DicomException {
        if (frame.length < HEADER) {
            throw new DicomException("RLE frame shorter than its 64-byte header");
        }
        long segments = u32(frame, 0);
        if (segments != (long) bytesPerSample * samples) {
            throw new DicomException("RLE frame has " + segments + " segments, expected " + bytesPerSample * samples);
        }
        int[][] planes = new int[samples][pixels];
        byte[] plane = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            long start = u32(frame, 4 + 4 * s);
            long stop = s + 1 < segments ? u32(frame, 8 + 4 * s) : frame.length;
            if (start < HEADER || start > stop || stop > frame.length) {
                throw new DicomException("RLE segment " + (s + 1) + " has bad offsets " + start + ".." + stop);
            }
            unpack(frame, (int) start, (int) stop, plane);
            int[] words = planes[s / bytesPerSample];
            for (int i = 0; i < pixels; i++) {
                words[i] = words[i] << 8 | plane[i] & 0xFF;
            }
        }
        return planes;
    }

    /** PackBits: a control byte n copies n+1 literal bytes (n >= 0) or repeats the next byte 1-n times. */
    private static void unpack(byte[] src, int from, int to, byte[] dst) throws DicomException {
        int in = from;
        int out = 0;
        while (out < dst.length && in < to) {
            int n = src[in++];
            if (n >= 0) {
                int count = Math.min(n + 1, dst.length - out);
                if (in + count > to) {
                    throw new DicomException("RLE literal run past the end of its segment");
                }
                System.arraycopy(src, in, dst, out, count);
                in += n + 1;
                out += count;
            } else if (n != -128) {
                if (in >= to) {
                    throw new DicomException("RLE repeat run past the end of its segment");
                }
                int count = Math.min(1 - n, dst.length - out);
                Arrays.fill(dst, out, out + count, src[in++]);
                out += count;
            }
        }
        if (out < dst.length) {
            throw new DicomException("RLE segment decodes to " + out + " bytes, expected " + dst.length);
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
