package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;

/** One series of a study. */
public record Series(String studyUid, String uid, String modality, int number, String description, int instances) {

    static Series of(String studyUid, JsonNode d) {
        return new Series(studyUid, Uids.checked(DicomJson.text(d, Tags.SERIES_UID), "Series Instance UID"),
                DicomJson.text(d, Tags.MODALITY), DicomJson.number(d, Tags.SERIES_NUMBER),
                DicomJson.text(d, Tags.SERIES_DESCRIPTION), DicomJson.number(d, Tags.SERIES_INSTANCES));
    }
}
