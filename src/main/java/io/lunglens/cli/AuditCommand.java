package io.lunglens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.training.DatasetException;
import io.lunglens.training.audit.DataAudit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens audit DIR : can metadata alone (size, format, file size) tell the classes apart? Reads headers only. */
@Command(name = "audit", description = "Check a labelled folder before training: class balance, unreadable files,"
        + " exact duplicates, and whether image metadata alone predicts the class (a shortcut a model can learn).")
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder with one subfolder per class.")
    Path dir;

    @Option(names = "--classes", split = ",", paramLabel = "A,B", description = "Class folders to audit (default: all).")
    List<String> classes = List.of();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        DataAudit a;
        try {
            a = DataAudit.run(dir, classes);
        } catch (DatasetException e) {
            spec.commandLine().getErr().println("lunglens audit: " + e.getMessage());
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMap(a)));
        } else {
            a.lines().forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** The JSON names are part of the interface: metadataAccuracy, confounded, rule, classes. */
    static Map<String, Object> asMap(DataAudit a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metadataAccuracy", a.metadataAccuracy());
        m.put("confounded", a.confounded());
        m.put("rule", a.rule());
        m.put("classes", a.classes());
        m.put("unreadable", a.unreadable());
        m.put("duplicates", a.duplicates());
        return m;
    }
}
