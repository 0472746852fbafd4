package io.lunglens.pacs;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study search. Empty text fields and null dates match anything; the patient name may use * and ? wildcards.
 *
 * @param modalities the study must hold a series of one of these (default CR and DX: radiographs)
 */
public record StudyQuery(String patientId, String patientName, LocalDate from, LocalDate to, List<String> modalities,
                         String accession) {

    public static final List<String> RADIOGRAPHS = List.of("CR", "DX");

    public StudyQuery {
        patientId = patientId == null ? "" : patientId.strip();
        patientName = patientName == null ? "" : patientName.strip();
        accession = accession == null ? "" : accession.strip();
        modalities = modalities == null || modalities.isEmpty() ? RADIOGRAPHS : List.copyOf(modalities);
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("the date range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Every radiograph study. */
    public static StudyQuery all() {
        return new StudyQuery("", "", null, null, RADIOGRAPHS, "");
    }

    /** The QIDO-RS query parameters for one modality (searching each modality alone works on every server). */
    Map<String, String> parameters(String modality) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "PatientID", patientId);
        // Orthanc's DICOMweb plugin (1.7) matches no name with a ^ in the query; ? matches the ^ as well.
        put(p, "PatientName", patientName.replace('^', '?'));
        put(p, "AccessionNumber", accession);
        if (from != null || to != null) {
            DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
            p.put("StudyDate", (from == null ? "" : f.format(from)) + "-" + (to == null ? "" : f.format(to)));
        }
        p.put("ModalitiesInStudy", modality);
        return p;
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (!value.isEmpty()) {
            p.put(key, value);
        }
    }
}
