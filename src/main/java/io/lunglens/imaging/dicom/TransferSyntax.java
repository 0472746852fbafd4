package io.lunglens.imaging.dicom;

/** The transfer syntaxes this reader knows, with how their data set and pixel data are encoded. */
enum TransferSyntax {
    IMPLICIT_LE("1.2.840.10008.1.2", "implicit VR little endian", false, false, Codec.NATIVE),
    EXPLICIT_LE("1.2.840.10008.1.2.1", "explicit VR little endian", true, false, Codec.NATIVE),
    DEFLATED_LE("1.2.840.10008.1.2.1.99", "deflated explicit VR little endian", true, false, Codec.NATIVE),
    EXPLICIT_BE("1.2.840.10008.1.2.2", "explicit VR big endian", true, true, Codec.NATIVE),
    RLE("1.2.840.10008.1.2.5", "RLE lossless", true, false, Codec.RLE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG baseline", true, false, Codec.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG lossless", true, false, Codec.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG lossless SV1", true, false, Codec.JPEG),
    J2K_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 lossless", true, false, Codec.J2K),
    J2K("1.2.840.10008.1.2.4.91", "JPEG 2000", true, false, Codec.J2K),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG extended (12-bit lossy)", true, false, Codec.REFUSED),
    JPEG_LS("1.2.840.10008.1.2.4.80", "JPEG-LS lossless", true, false, Codec.JPEG_LS),
    JPEG_LS_NEAR("1.2.840.10008.1.2.4.81", "JPEG-LS near-lossless", true, false, Codec.REFUSED);

    enum Codec { NATIVE, RLE, JPEG, JPEG_LS, J2K, REFUSED }

    final String uid;
    final String title;
    final boolean explicitVr;
    final boolean bigEndian;
    final Codec codec;

    TransferSyntax(String uid, String title, boolean explicitVr, boolean bigEndian, Codec codec) {
        this.uid = uid;
        this.title = title;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.codec = codec;
    }

    boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** The syntax with this UID, or null for one this reader has never heard of. */
    static TransferSyntax of(String uid) {
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(uid)) {
                return ts;
            }
        }
        return null;
    }
}
