package io.lunglens.imaging.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a DICOM file's elements and fills a {@link DicomHeader}. Every element header moves the cursor
 * forward by at least 8 bytes, every length is checked against the bytes left, and nesting is capped, so
 * hostile input ends in a {@link DicomException}, never in a loop, a deep stack or a huge allocation.
 */
final class DicomParser {

    static final int PREAMBLE = 128;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int MAX_DEPTH = 16;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    /** VRs whose explicit header has two reserved bytes and a 32-bit length. */
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final Set<String> SHORT_VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL",
            "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US");

    private final long maxInflated;
    private byte[] buf;
    private int pos;
    private int end;
    private boolean explicitVr;
    private boolean bigEndian;
    private Charset charset = StandardCharsets.ISO_8859_1;
    private final DicomHeader header = new DicomHeader();

    private DicomParser(byte[] file, long maxInflated) {
        this.buf = file;
        this.end = file.length;
        this.maxInflated = maxInflated;
    }

    /** True when the file has a preamble followed by "DICM". */
    static boolean hasPreamble(byte[] b, int length) {
        return length >= PREAMBLE + 4 && b[PREAMBLE] == 'D' && b[PREAMBLE + 1] == 'I'
                && b[PREAMBLE + 2] == 'C' && b[PREAMBLE + 3] == 'M';
    }

    /** True when the bytes start like a data set without preamble: an element of group 0x0008. */
    static boolean startsLikeRawDataSet(byte[] b, int length) {
        if (length < 8 || b[0] != 0x08 || b[1] != 0x00) {
            return false;
        }
        if (isVr(b, 4)) {
            return true;
        }
        long len = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
        return len % 2 == 0 && len <= 1024;
    }

    /**
     * Parses a whole file. Stops at the top-level pixel data; what follows it (such as trailing padding)
     * is never needed for a single frame.
     *
     * @param maxInflated the most bytes a deflated data set may inflate to
     */
    static DicomHeader parse(byte[] file, long maxInflated) throws DicomException {
        DicomParser p = new DicomParser(file, maxInflated);
        p.run();
        return p.header;
    }

    private void run() throws DicomException {
        String tsUid = null;
        if (hasPreamble(buf, end)) {
            pos = PREAMBLE + 4;
            explicitVr = true;
            bigEndian = false;
            while (pos + 8 <= end && u16(pos) == 0x0002) {
                Element e = readHeader();
                if (e.undefinedLength()) {
                    throw new DicomException("file meta element " + e.tagText() + " has undefined length");
                }
                if (e.tag == 0x00020010) {
                    tsUid = string(e.length);
                }
                pos += e.length;
            }
            if (pos >= end) {
                throw new DicomException("truncated: no data set after the file meta information");
            }
        } else if (!startsLikeRawDataSet(buf, end)) {
            throw new DicomException("not a DICOM file (no DICM marker and no data set start)");
        }
        TransferSyntax ts = tsUid != null ? TransferSyntax.of(tsUid) : guessSyntax();
        if (ts == null) {
            throw new DicomException("unsupported transfer syntax " + printable(tsUid));
        }
        if (ts.codec == TransferSyntax.Codec.REFUSED) {
            throw new DicomException("unsupported transfer syntax " + ts.title + " (" + ts.uid + ")");
        }
        header.transferSyntax = ts;
        explicitVr = ts.explicitVr;
        bigEndian = ts.bigEndian;
        if (ts == TransferSyntax.DEFLATED_LE) {
            buf = inflate(buf, pos, end, maxInflated);
            pos = 0;
            end = buf.length;
        }
        header.data = buf;
        readDataSet();
    }

    /** A file without meta information: explicit if the first element carries a VR, else implicit. */
    private TransferSyntax guessSyntax() {
        return pos + 6 <= end && isVr(buf, pos + 4) ? TransferSyntax.EXPLICIT_LE : TransferSyntax.IMPLICIT_LE;
    }

    private void readDataSet() throws DicomException {
        while (pos < end) {
            Element e = readHeader();
            if (e.group() == 0xFFFE) {
                throw new DicomException("misplaced item tag " + e.tagText() + " at offset " + e.offset);
            }
            if (e.tag == PIXEL_DATA) {
                readPixelData(e);
                return;
            }
            if (e.undefinedLength()) {
                skipSequence(e, 1);
            } else {
                keep(e);
                pos += e.length;
            }
        }
    }

    private void readPixelData(Element e) throws DicomException {
        header.pixelDataFound = true;
        if (!e.undefinedLength()) {
            header.pixelOffset = pos;
            header.pixelLength = (int) e.length;
            header.pixelVr = e.vr;
            return;
        }
        header.encapsulated = true;
        // Encapsulated: a basic offset table item, then fragment items, then a sequence delimiter.
        // Some writers store a compressed frame of odd size without its pad byte; like dcmtk and GDCM we
        // accept that here, where the value is opaque bytes and the next item header is still checked.
        boolean first = true;
        while (true) {
            Element item = readItemHeader(true);
            if (item.tag == SEQUENCE_END) {
                return;
            }
            if (item.tag != ITEM || item.undefinedLength()) {
                throw new DicomException("bad item " + item.tagText() + " in encapsulated pixel data at offset "
                        + item.offset);
            }
            if (first) {
                header.offsetTable = new int[] {pos, (int) item.length};
            } else {
                header.fragments.add(new int[] {pos, (int) item.length});
            }
            first = false;
            pos += item.length;
        }
    }

    /** Skips an undefined-length sequence (or encapsulated value) element by element. */
    private void skipSequence(Element seq, int depth) throws DicomException {
        if (depth > MAX_DEPTH) {
            throw new DicomException("sequences nested deeper than " + MAX_DEPTH);
        }
        boolean wasExplicit = explicitVr;
        boolean wasBig = bigEndian;
        if ("UN".equals(seq.vr)) {
            // An undefined-length UN holds its content in implicit VR little endian (PS3.5 6.2.2).
            explicitVr = false;
            bigEndian = false;
        }
        while (true) {
            Element item = readItemHeader();
            if (item.tag == SEQUENCE_END) {
                break;
            }
            if (item.tag != ITEM) {
                throw new DicomException("expected an item in sequence " + seq.tagText() + " at offset "
                        + item.offset + ", found " + item.tagText());
            }
            if (item.undefinedLength()) {
                skipItem(depth);
            } else {
                pos += item.length;
            }
        }
        explicitVr = wasExplicit;
        bigEndian = wasBig;
    }

    private void skipItem(int depth) throws DicomException {
        while (true) {
            if (pos + 4 <= end && tagAt(pos) == ITEM_END) {
                readItemHeader();
                return;
            }
            Element e = readHeader();
            if (e.undefinedLength()) {
                skipSequence(e, depth + 1);
            } else {
                pos += e.length;
            }
        }
    }

    /** Reads an item or delimiter header: a tag and a 32-bit length, never a VR. */
    private Element readItemHeader() throws DicomException {
        return readItemHeader(false);
    }

    private Element readItemHeader(boolean oddAllowed) throws DicomException {
        need(8, "item");
        Element e = new Element(pos, tagAt(pos), "", u32(pos + 4));
        pos += 8;
        checkLength(e, oddAllowed);
        return e;
    }

    private Element readHeader() throws DicomException {
        need(8, "element");
        int offset = pos;
        int tag = tagAt(pos);
        if ((tag >>> 16) == 0xFFFE) {
            pos += 8;
            Element e = new Element(offset, tag, "", u32(offset + 4));
            checkLength(e);
            return e;
        }
        Element e;
        if (explicitVr) {
            if (!isVr(buf, pos + 4)) {
                throw new DicomException("invalid VR at offset " + (pos + 4) + " in element " + tagText(tag));
            }
            String vr = new String(buf, pos + 4, 2, StandardCharsets.US_ASCII);
            if (LONG_VRS.contains(vr)) {
                need(12, "element");
                e = new Element(offset, tag, vr, u32(pos + 8));
                pos += 12;
            } else {
                e = new Element(offset, tag, vr, u16(pos + 6));
                pos += 8;
            }
        } else {
            e = new Element(offset, tag, "", u32(pos + 4));
            pos += 8;
        }
        checkLength(e);
        return e;
    }

    private void checkLength(Element e) throws DicomException {
        checkLength(e, false);
    }

    private void checkLength(Element e, boolean oddAllowed) throws DicomException {
        if (e.undefinedLength()) {
            return;
        }
        if (e.length % 2 != 0 && !oddAllowed) {
            throw new DicomException("odd length " + e.length + " in element " + e.tagText() + " at offset " + e.offset);
        }
        if (e.length > end - pos) {
            throw new DicomException("element " + e.tagText() + " at offset " + e.offset + " claims " + e.length
                    + " bytes but only " + (end - pos) + " remain (truncated or corrupt)");
        }
    }

    private void need(int n, String what) throws DicomException {
        if (end - pos < n) {
            throw new DicomException("truncated: " + what + " header cut off at offset " + pos);
        }
    }

    /** Records the top-level attributes the reader uses; values are never put into messages. */
    private void keep(Element e) throws DicomException {
        int len = (int) e.length;
        switch (e.tag) {
            case 0x00080005 -> charset = charsetOf(string(len));
            case 0x00080070 -> header.manufacturer = text(len);
            case 0x00081010 -> header.station = text(len);
            case 0x00100010 -> header.patientName = text(len);
            case 0x00100020 -> header.patientId = text(len);
            case 0x00280002 -> header.samplesPerPixel = us(e);
            case 0x00280004 -> header.photometric = string(len);
            case 0x00280006 -> header.planarConfiguration = us(e);
            case 0x00280008 -> header.numberOfFrames = string(len);
            case 0x00280010 -> header.rows = us(e);
            case 0x00280011 -> header.columns = us(e);
            case 0x00280100 -> header.bitsAllocated = us(e);
            case 0x00280101 -> header.bitsStored = us(e);
            case 0x00280102 -> header.highBit = us(e);
            case 0x00280103 -> header.pixelRepresentation = us(e);
            case 0x00281050 -> header.windowCenter = string(len);
            case 0x00281051 -> header.windowWidth = string(len);
            case 0x00281052 -> header.rescaleIntercept = string(len);
            case 0x00281053 -> header.rescaleSlope = string(len);
            default -> { }
        }
    }

    private int us(Element e) throws DicomException {
        if (e.length < 2) {
            throw new DicomException("element " + e.tagText() + " is empty");
        }
        return u16(pos);
    }

    private String string(long length) {
        return new String(buf, pos, (int) length, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
    }

    private String text(int length) {
        return new String(buf, pos, length, charset).replace('\0', ' ').strip();
    }

    private static Charset charsetOf(String specificCharacterSet) {
        return specificCharacterSet.contains("ISO_IR 192") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    private static byte[] inflate(byte[] src, int from, int to, long max) throws DicomException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(src, from, to - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(to - from, 1 << 20) * 2);
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomException("truncated deflated data set");
                }
                if (out.size() + (long) n > max) {
                    throw new DicomException("deflated data set expands beyond " + max + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DicomException("corrupt deflated data set");
        } finally {
            inflater.end();
        }
    }

    private int tagAt(int at) {
        return u16(at) << 16 | u16(at + 2);
    }

    private int u16(int at) {
        int a = buf[at] & 0xFF;
        int b = buf[at + 1] & 0xFF;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    private long u32(int at) {
        long lo = u16(at);
        long hi = u16(at + 2);
        return bigEndian ? lo << 16 | hi : hi << 16 | lo;
    }

    private static boolean isVr(byte[] b, int at) {
        if (at + 2 > b.length) {
            return false;
        }
        String vr = new String(b, at, 2, StandardCharsets.ISO_8859_1);
        return LONG_VRS.contains(vr) || SHORT_VRS.contains(vr);
    }

    private static String tagText(int tag) {
        return String.format("(%04x,%04x)", tag >>> 16, tag & 0xFFFF);
    }

    /** Keeps a value from the file fit for a one-line message. */
    static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }

    private record Element(int offset, int tag, String vr, long length) {
        boolean undefinedLength() {
            return length == UNDEFINED;
        }

        int group() {
            return tag >>> 16;
        }

        String tagText() {
            return DicomParser.tagText(tag);
        }
    }
}
