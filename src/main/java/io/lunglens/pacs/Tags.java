package io.lunglens.pacs;

/** The DICOM attributes LungLens searches for and writes, as the 8-digit hex keys of the DICOM JSON model. */
final class Tags {
    static final String STUDY_DATE = "00080020";
    static final String STUDY_TIME = "00080030";
    static final String ACCESSION = "00080050";
    static final String MODALITY = "00080060";
    static final String MODALITIES_IN_STUDY = "00080061";
    static final String REFERRING = "00080090";
    static final String STUDY_DESCRIPTION = "00081030";
    static final String SERIES_DESCRIPTION = "0008103E";
    static final String SOP_INSTANCE_UID = "00080018";
    static final String PATIENT_NAME = "00100010";
    static final String PATIENT_ID = "00100020";
    static final String BIRTH_DATE = "00100030";
    static final String SEX = "00100040";
    static final String STUDY_UID = "0020000D";
    static final String SERIES_UID = "0020000E";
    static final String STUDY_ID = "00200010";
    static final String SERIES_NUMBER = "00200011";
    static final String INSTANCE_NUMBER = "00200013";
    static final String SERIES_INSTANCES = "00201209";
    static final String STUDY_INSTANCES = "00201208";

    private Tags() {
    }

    /** The tag as the number the writer takes. */
    static int number(String key) {
        return Integer.parseUnsignedInt(key, 16);
    }
}
