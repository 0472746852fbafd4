package io.lunglens.training;

/**
 * IEEE 754 half precision (float16) by hand: Java 17 has no Float.floatToFloat16. Rounds to nearest, ties to even,
 * as the hardware and libtorch do.
 */
final class Half {

    private Half() {
    }

    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            // A half subnormal (or zero): the value in units of 2^-24.
            if (e < -10) {
                return (short) sign;
            }
            return (short) (sign | rounded(mant | 0x800000, 14 - e));
        }
        // The carry of a round-up may move into the exponent, which is still the right answer (up to infinity).
        return (short) (sign | ((e << 10) + rounded(mant, 13)));
    }

    /** value >> shift, rounded to nearest, ties to even. */
    private static int rounded(int value, int shift) {
        int out = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (out & 1) == 1)) {
            out++;
        }
        return out;
    }

    static float toFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        if (e == 0) {
            float v = m * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (e == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (m << 13));
        }
        return Float.intBitsToFloat(sign | ((e - 15 + 127) << 23) | (m << 13));
    }
}
