package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads attributes of the DICOM JSON model (PS3.18 F.2) that QIDO-RS and WADO-RS metadata answer with. */
final class DicomJson {

    private DicomJson() {
    }

    /** The first value of an attribute as text ("" when absent); a person name gives its alphabetic form. */
    static String text(JsonNode dataset, String tag) {
        JsonNode value = dataset.path(tag).path("Value");
        if (!value.isArray() || value.isEmpty()) {
            return "";
        }
        JsonNode first = value.get(0);
        if (first.isObject()) {
            return first.path("Alphabetic").asText("");
        }
        return first.asText("");
    }

    /** All values of a multi-valued attribute joined by backslashes, as DICOM writes them. */
    static String joined(JsonNode dataset, String tag) {
        StringBuilder b = new StringBuilder();
        for (JsonNode v : dataset.path(tag).path("Value")) {
            b.append(b.length() == 0 ? "" : "\\").append(v.asText(""));
        }
        return b.toString();
    }

    static int number(JsonNode dataset, String tag) {
        String t = text(dataset, tag);
        try {
            return t.isEmpty() ? 0 : Integer.parseInt(t.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
