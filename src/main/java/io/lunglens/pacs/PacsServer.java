package io.lunglens.pacs;

import java.net.URI;
import java.util.Base64;
import java.nio.charset.StandardCharsets;

/**
 * One DICOMweb server: a name, the base URL of its DICOMweb root (…/dicom-web) and how to sign in.
 * {@link #toString()} and {@link #label()} never show the secret.
 */
public record PacsServer(String name, URI url, Auth auth) {

    /** How requests authenticate: none, HTTP basic (user and password) or a bearer token (secret only). */
    public record Auth(Kind kind, String user, String secret) {
        public enum Kind { NONE, BASIC, BEARER }

        public static final Auth NONE = new Auth(Kind.NONE, "", "");

        public Auth {
            user = user == null ? "" : user;
            secret = secret == null ? "" : secret;
        }

        public static Auth basic(String user, String password) {
            return new Auth(Kind.BASIC, user, password);
        }

        public static Auth bearer(String token) {
            return new Auth(Kind.BEARER, "", token);
        }

        /** The Authorization header's value, or null when requests go unsigned. */
        String header() {
            return switch (kind) {
                case NONE -> null;
                case BASIC -> "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
                case BEARER -> "Bearer " + secret;
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case NONE -> "no authentication";
                case BASIC -> "basic authentication as " + user;
                case BEARER -> "bearer token";
            };
        }
    }

    public PacsServer {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("PACS server " + name + ": not an http(s) URL: " + safe(url));
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("PACS server " + name + ": put credentials in the settings, not in the"
                    + " URL");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("PACS server " + name + ": the URL must not have a query: " + safe(url));
        }
        url = URI.create(url.toString().replaceAll("/+$", ""));
    }

    /** The same server under another name. */
    public PacsServer withName(String n) {
        return new PacsServer(n, url, auth);
    }

    /** "name (url)", for messages. */
    public String label() {
        return name.equals(url.toString()) ? name : name + " (" + url + ")";
    }

    @Override
    public String toString() {
        return "PacsServer[" + label() + ", " + auth + "]";
    }

    /** The URL without any user information, for messages. */
    private static String safe(URI url) {
        return url.getHost() == null ? "(invalid URL)" : url.getScheme() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getRawPath();
    }
}
