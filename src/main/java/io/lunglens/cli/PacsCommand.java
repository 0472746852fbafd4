package io.lunglens.cli;

import io.lunglens.model.ModelRegistry;
import io.lunglens.pacs.DicomWebClient;
import io.lunglens.pacs.PacsSettings;
import io.lunglens.pacs.StudyQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** lunglens pacs …: search a PACS over DICOMweb, scan what it holds, send results back. */
@Command(name = "pacs", description = "Work with a PACS over DICOMweb: search studies, scan them, send results back.",
        subcommands = {PacsSearchCommand.class, PacsScanCommand.class, PacsAddCommand.class})
final class PacsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The settings file: pacs.json in LungLens's home folder. */
    static Path settings() {
        return ModelRegistry.home().resolve(PacsSettings.FILE_NAME);
    }

    /** --server and the search fields, shared by search and scan. */
    static final class Query {
        @Option(names = "--server", paramLabel = "NAME|URL", required = true, description = "A server added with"
                + " `lunglens pacs add`, or a DICOMweb URL (credentials then from " + PacsSettings.ENV_USER + " and "
                + PacsSettings.ENV_PASSWORD + ", or " + PacsSettings.ENV_TOKEN + ").")
        String server;

        @Option(names = "--patient-id", paramLabel = "ID", description = "Patient ID.")
        String patientId;

        @Option(names = "--patient-name", paramLabel = "NAME", description = "Patient name, DICOM style"
                + " (FAMILY^GIVEN); * and ? are wildcards.")
        String patientName;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First study date.")
        String from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last study date.")
        String to;

        @Option(names = "--modality", paramLabel = "M", split = ",", description = "Modalities (default: CR,DX).")
        List<String> modalities;

        @Option(names = "--accession", paramLabel = "A", description = "Accession number.")
        String accession;

        StudyQuery query() {
            return new StudyQuery(patientId, patientName, date(from, "--from"), date(to, "--to"), modalities,
                    accession);
        }

        DicomWebClient client() throws IOException {
            return new DicomWebClient(PacsSettings.find(settings(), server, System.getenv()));
        }

        private static LocalDate date(String s, String option) {
            try {
                return s == null ? null : LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be a date like 2024-03-31, was " + s);
            }
        }
    }
}
