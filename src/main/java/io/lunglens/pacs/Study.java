package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;

/** One study found by a search. {@link #toString()} leaves out the patient. */
public record Study(String uid, String patientName, String patientId, String date, String accession,
                    String description, String modalities, int instances) {

    static Study of(JsonNode d) {
        return new Study(Uids.checked(DicomJson.text(d, Tags.STUDY_UID), "Study Instance UID"),
                DicomJson.text(d, Tags.PATIENT_NAME), DicomJson.text(d, Tags.PATIENT_ID),
                DicomJson.text(d, Tags.STUDY_DATE), DicomJson.text(d, Tags.ACCESSION),
                DicomJson.text(d, Tags.STUDY_DESCRIPTION), DicomJson.joined(d, Tags.MODALITIES_IN_STUDY),
                DicomJson.number(d, Tags.STUDY_INSTANCES));
    }

    @Override
    public String toString() {
        return "Study[" + uid + "]";
    }
}
