package io.lunglens.pacs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The study and patient a film belongs to, as a result sent back must repeat them (patient and general study
 * modules), read from the film's WADO-RS metadata.
 */
public record SourceStudy(String studyUid, String patientName, String patientId, String birthDate, String sex,
                          String studyDate, String studyTime, String studyId, String accession,
                          String referringPhysician) {

    public SourceStudy {
        Uids.checked(studyUid, "Study Instance UID");
    }

    static SourceStudy of(JsonNode dataset) {
        return new SourceStudy(DicomJson.text(dataset, Tags.STUDY_UID), DicomJson.text(dataset, Tags.PATIENT_NAME),
                DicomJson.text(dataset, Tags.PATIENT_ID), DicomJson.text(dataset, Tags.BIRTH_DATE),
                DicomJson.text(dataset, Tags.SEX), DicomJson.text(dataset, Tags.STUDY_DATE),
                DicomJson.text(dataset, Tags.STUDY_TIME), DicomJson.text(dataset, Tags.STUDY_ID),
                DicomJson.text(dataset, Tags.ACCESSION), DicomJson.text(dataset, Tags.REFERRING));
    }

    /** Hides the patient's identity, so that a log line or an exception cannot carry it by accident. */
    @Override
    public String toString() {
        return "SourceStudy[" + studyUid + "]";
    }
}
