package io.lunglens.imaging.dicom;

import java.util.Arrays;

/**
 * JPEG-LS lossless (ITU-T T.87 / ISO 14495-1) for one grayscale component of 2 to 16 bits: the LOCO-I
 * context model, Golomb codes and run mode, with default or LSE thresholds. Near-lossless, several components
 * and point transforms are refused. Every read is bounds-checked; a damaged stream ends in a DicomException.
 */
final class JpegLsDecoder {

    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
        8, 9, 10, 11, 12, 13, 14, 15};
    private static final int CONTEXTS = 365;

    private final byte[] in;
    private int pos;
    private int width;
    private int height;
    private int maxVal;
    private int t1;
    private int t2;
    private int t3;
    private int reset = 64;
    private int range;
    private int qbpp;
    private int limit;
    private final int[] a = new int[CONTEXTS + 2];
    private final int[] b = new int[CONTEXTS];
    private final int[] c = new int[CONTEXTS];
    private final int[] n = new int[CONTEXTS + 2];
    private final int[] nn = new int[2];
    private int runIndex;
    // bit reader
    private long bits;
    private int bitCount;
    private boolean lastWasFf;

    private JpegLsDecoder(byte[] in) {
        this.in = in;
    }

    /** Decodes the frame into row-major samples; the frame must be columns x rows. */
    static int[] decode(byte[] frame, int columns, int rows) throws DicomException {
        JpegLsDecoder d = new JpegLsDecoder(frame);
        d.readHeaders();
        if (d.width != columns || d.height != rows) {
            throw new DicomException("JPEG-LS frame is " + d.width + "x" + d.height + " but the header says "
                    + columns + "x" + rows);
        }
        return d.decodeScan();
    }

    private void readHeaders() throws DicomException {
        if (u8() != 0xFF || u8() != 0xD8) {
            throw new DicomException("JPEG-LS frame does not start with SOI");
        }
        int bitsPerSample = 0;
        int[] lse = null;
        while (true) {
            int marker = nextMarker();
            int length = u16();
            int end = pos + length - 2;
            if (length < 2 || end > in.length) {
                throw new DicomException("JPEG-LS marker segment runs past the frame");
            }
            if (marker == 0xF7) {
                bitsPerSample = u8();
                height = u16();
                width = u16();
                if (u8() != 1) {
                    throw new DicomException("unsupported JPEG-LS frame with more than one component");
                }
            } else if (marker == 0xF8) {
                if (u8() == 1) {
                    lse = new int[] {u16(), u16(), u16(), u16(), u16()};
                }
            } else if (marker == 0xDA) {
                int components = u8();
                pos += 2 * components;
                int near = u8();
                pos++; // interleave mode: irrelevant for one component
                int pointTransform = u8() & 0x0F;
                if (components != 1 || near != 0 || pointTransform != 0) {
                    throw new DicomException("unsupported JPEG-LS scan (components " + components + ", NEAR " + near
                            + ", point transform " + pointTransform + ")");
                }
                pos = end;
                setParameters(bitsPerSample, lse);
                return;
            }
            pos = end;
        }
    }

    private int nextMarker() throws DicomException {
        if (u8() != 0xFF) {
            throw new DicomException("JPEG-LS marker expected at offset " + (pos - 1));
        }
        int m = u8();
        while (m == 0xFF) {
            m = u8();
        }
        return m;
    }

    private void setParameters(int bitsPerSample, int[] lse) throws DicomException {
        if (bitsPerSample < 2 || bitsPerSample > 16 || width < 1 || height < 1) {
            throw new DicomException("unsupported JPEG-LS frame of " + bitsPerSample + " bits, " + width + "x" + height);
        }
        if ((long) width * height > DicomReader.MAX_PIXELS) {
            throw new DicomException("JPEG-LS frame too large");
        }
        maxVal = lse != null && lse[0] > 0 ? lse[0] : (1 << bitsPerSample) - 1;
        if (maxVal >= 1 << 16) {
            throw new DicomException("invalid JPEG-LS MAXVAL " + maxVal);
        }
        range = maxVal + 1;
        qbpp = 32 - Integer.numberOfLeadingZeros(range - 1);
        int bpp = Math.max(2, qbpp);
        limit = 2 * (bpp + Math.max(8, bpp));
        defaultThresholds();
        if (lse != null) {
            t1 = lse[1] > 0 ? lse[1] : t1;
            t2 = lse[2] > 0 ? lse[2] : t2;
            t3 = lse[3] > 0 ? lse[3] : t3;
            reset = lse[4] > 0 ? lse[4] : reset;
        }
        if (t1 < 1 || t2 < t1 || t3 < t2 || t3 > maxVal || reset < 3) {
            throw new DicomException("invalid JPEG-LS thresholds");
        }
        int a0 = Math.max(2, (range + 32) / 64);
        Arrays.fill(a, a0);
        Arrays.fill(n, 1);
    }

    /** T.87 C.2.4.1.1.1 for NEAR 0. */
    private void defaultThresholds() {
        if (maxVal >= 128) {
            int factor = (Math.min(maxVal, 4095) + 128) / 256;
            t1 = clamp(factor + 2, 1);
            t2 = clamp(factor * 4 + 3, t1);
            t3 = clamp(factor * 17 + 4, t2);
        } else {
            int factor = 256 / (maxVal + 1);
            t1 = clamp(Math.max(2, 3 / factor), 1);
            t2 = clamp(Math.max(3, 7 / factor), t1);
            t3 = clamp(Math.max(4, 21 / factor), t2);
        }
    }

    private int clamp(int i, int j) {
        return i > maxVal || i < j ? j : i;
    }

    private int[] decodeScan() throws DicomException {
        int[] out = new int[width * height];
        // Lines with one extra sample on each side: index 0 is "left of the line", width + 1 "right of it".
        int[] prev = new int[width + 2];
        int[] cur = new int[width + 2];
        for (int y = 0; y < height; y++) {
            prev[width + 1] = prev[width];
            cur[0] = prev[1];
            decodeLine(prev, cur);
            System.arraycopy(cur, 1, out, y * width, width);
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return out;
    }

    private void decodeLine(int[] prev, int[] cur) throws DicomException {
        int x = 1;
        int rb = prev[0];
        int rd = prev[1];
        while (x <= width) {
            int ra = cur[x - 1];
            int rc = rb;
            rb = rd;
            rd = prev[x + 1];
            int qs = (quantize(rd - rb) * 9 + quantize(rb - rc)) * 9 + quantize(rc - ra);
            if (qs != 0) {
                cur[x] = regular(qs, predict(ra, rb, rc));
                x++;
            } else {
                x += runMode(prev, cur, x);
                rb = prev[x - 1];
                rd = prev[x];
            }
        }
    }

    private int quantize(int d) {
        if (d <= -t3) return -4;
        if (d <= -t2) return -3;
        if (d <= -t1) return -2;
        if (d < 0) return -1;
        if (d == 0) return 0;
        if (d < t1) return 1;
        if (d < t2) return 2;
        if (d < t3) return 3;
        return 4;
    }

    private static int predict(int ra, int rb, int rc) {
        if (rc >= Math.max(ra, rb)) return Math.min(ra, rb);
        if (rc <= Math.min(ra, rb)) return Math.max(ra, rb);
        return ra + rb - rc;
    }

    private int regular(int qs, int prediction) throws DicomException {
        int sign = qs < 0 ? -1 : 1;
        int q = qs * sign;
        int k = 0;
        while ((n[q] << k) < a[q] && k < 16) {
            k++;
        }
        int px = Math.min(maxVal, Math.max(0, prediction + sign * c[q]));
        int m = golomb(k, limit);
        int err = (m & 1) == 0 ? m >> 1 : -((m + 1) >> 1);
        if (k == 0 && 2 * b[q] + n[q] - 1 < 0) {
            err = -err - 1;
        }
        update(q, err);
        return wrap(px + sign * err);
    }

    private void update(int q, int err) {
        a[q] += Math.abs(err);
        b[q] += err;
        if (n[q] == reset) {
            a[q] >>= 1;
            b[q] >>= 1;
            n[q] >>= 1;
        }
        n[q]++;
        if (b[q] + n[q] <= 0) {
            b[q] += n[q];
            if (b[q] <= -n[q]) {
                b[q] = -n[q] + 1;
            }
            if (c[q] > -128) {
                c[q]--;
            }
        } else if (b[q] > 0) {
            b[q] -= n[q];
            if (b[q] > 0) {
                b[q] = 0;
            }
            if (c[q] < 127) {
                c[q]++;
            }
        }
    }

    /** Decodes a run starting at x and, unless it reaches the end of the line, its interruption sample. */
    private int runMode(int[] prev, int[] cur, int x) throws DicomException {
        int ra = cur[x - 1];
        int left = width - x + 1;
        int count = 0;
        while (count < left && bit() == 1) {
            int step = Math.min(1 << J[runIndex], left - count);
            count += step;
            if (step == 1 << J[runIndex]) {
                runIndex = Math.min(31, runIndex + 1);
            }
        }
        if (count < left) {
            count += J[runIndex] > 0 ? read(J[runIndex]) : 0;
            if (count > left) {
                throw new DicomException("JPEG-LS run past the end of a line");
            }
        }
        for (int i = 0; i < count; i++) {
            cur[x + i] = ra;
        }
        int end = x + count;
        if (end > width) {
            return count;
        }
        cur[end] = interruption(ra, prev[end]);
        runIndex = Math.max(0, runIndex - 1);
        return count + 1;
    }

    private int interruption(int ra, int rb) throws DicomException {
        int type = ra == rb ? 1 : 0;
        int q = CONTEXTS + type;
        int temp = a[q] + (n[q] >> 1) * type;
        int k = 0;
        while ((n[q] << k) < temp && k < 16) {
            k++;
        }
        int m = golomb(k, limit - J[runIndex] - 1);
        int t = m + type;
        boolean map = (t & 1) != 0;
        int abs = (t + (map ? 1 : 0)) / 2;
        int err = (k != 0 || 2 * nn[type] >= n[q]) == map ? -abs : abs;
        if (err < 0) {
            nn[type]++;
        }
        a[q] += (m + 1 - type) >> 1;
        if (n[q] == reset) {
            a[q] >>= 1;
            n[q] >>= 1;
            nn[type] >>= 1;
        }
        n[q]++;
        return type == 1 ? wrap(ra + err) : wrap(rb + err * (rb - ra >= 0 ? 1 : -1));
    }

    /** Brings a reconstructed value back into 0 .. MAXVAL (errors are coded modulo RANGE). */
    private int wrap(int v) throws DicomException {
        if (v < -range || v > maxVal + range) {
            throw new DicomException("corrupt JPEG-LS data (error out of range)");
        }
        if (v < 0) return v + range;
        if (v > maxVal) return v - range;
        return v;
    }

    /** A limited-length Golomb code (T.87 A.5.3). */
    private int golomb(int k, int lim) throws DicomException {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > lim) {
                throw new DicomException("corrupt JPEG-LS data (code too long)");
            }
        }
        if (zeros >= lim - qbpp - 1) {
            return read(qbpp) + 1;
        }
        return k == 0 ? zeros : (zeros << k) + read(k);
    }

    private int read(int count) throws DicomException {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    /** One bit of entropy-coded data; after an FF byte the next byte's first bit is a stuffed zero. */
    private int bit() throws DicomException {
        if (bitCount == 0) {
            if (pos >= in.length) {
                throw new DicomException("truncated JPEG-LS data");
            }
            int v = in[pos++] & 0xFF;
            if (lastWasFf) {
                if (v >= 0x80) {
                    throw new DicomException("truncated JPEG-LS data (marker inside the scan)");
                }
                bits = v;
                bitCount = 7;
            } else {
                bits = v;
                bitCount = 8;
            }
            lastWasFf = v == 0xFF;
        }
        bitCount--;
        return (int) (bits >> bitCount) & 1;
    }

    private int u8() throws DicomException {
        if (pos >= in.length) {
            throw new DicomException("truncated JPEG-LS header");
        }
        return in[pos++] & 0xFF;
    }

    private int u16() throws DicomException {
        return u8() << 8 | u8();
    }
}
