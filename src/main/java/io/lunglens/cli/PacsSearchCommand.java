package io.lunglens.cli;

import io.lunglens.pacs.DicomWebClient;
import io.lunglens.pacs.PacsException;
import io.lunglens.pacs.Study;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** lunglens pacs search: the studies a PACS holds that match, one line each. */
@Command(name = "search", description = "List the studies that match (default: radiographs, CR and DX).")
final class PacsSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PacsCommand.Query query;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            DicomWebClient client = query.client();
            List<Study> studies = client.studies(query.query());
            o.printf("%-10s %-12s %-20s %-10s %6s  %s%n", "date", "patient id", "patient name", "modalities",
                    "images", "study instance uid / description");
            for (Study s : studies) {
                o.printf("%-10s %-12s %-20s %-10s %6d  %s%s%n", s.date(), s.patientId(), s.patientName(),
                        s.modalities(), s.instances(), s.uid(), s.description().isEmpty() ? "" : "  " + s.description());
            }
            o.println(studies.size() + " studies on " + client.server().label());
            o.flush();
            return 0;
        } catch (PacsException | IllegalArgumentException | IOException e) {
            err.println("lunglens pacs search: " + e.getMessage());
            return 2;
        }
    }
}
