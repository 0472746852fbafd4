package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;

/** One image (SOP instance) of a series. */
public record Instance(String studyUid, String seriesUid, String uid, int number) {

    static Instance of(Series s, JsonNode d) {
        return new Instance(s.studyUid(), s.uid(), Uids.checked(DicomJson.text(d, Tags.SOP_INSTANCE_UID),
                "SOP Instance UID"), DicomJson.number(d, Tags.INSTANCE_NUMBER));
    }

    /** The WADO-RS path of this instance below the server's root. */
    String path() {
        return "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + uid;
    }
}
