package io.lunglens.pacs;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/** DICOM unique identifiers: new ones from random UUIDs (the 2.25 root, PS3.5 B.2), and the check of given ones. */
public final class Uids {

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private Uids() {
    }

    /** A new UID under 2.25: the decimal value of a random UUID. */
    public static String create() {
        UUID u = UUID.randomUUID();
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, b);
    }

    /** True for a syntactically valid UID (digits and dots, at most 64 characters): safe in a URL or a file name. */
    public static boolean valid(String uid) {
        return uid != null && uid.length() <= 64 && UID.matcher(uid).matches();
    }

    /** The UID itself, or an exception naming what was wrong; for UIDs that come from a server. */
    static String checked(String uid, String what) {
        if (!valid(uid)) {
            throw new PacsException("the server sent an invalid " + what + ": "
                    + (uid == null ? "none" : uid.substring(0, Math.min(uid.length(), 70))));
        }
        return uid;
    }
}
