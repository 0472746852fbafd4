package io.lunglens.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** dcmtk's dcmdump and dicom3tools' dciodvfy on a written file: the independent check of our writer. */
public final class Dcmtk {

    private Dcmtk() {
    }

    public static String dump(Path file) throws Exception {
        Result r = run(List.of("dcmdump", "+U8", file.toString()));
        assertEquals(0, r.code(), r.output());
        return r.output();
    }

    /** dcmdump reads it without complaint and dciodvfy finds no error against its IOD. */
    public static void assertValid(Path file) throws Exception {
        String dump = dump(file);
        assertFalse(dump.contains("E: ") || dump.contains("W: "), dump);
        Result v = run(List.of("dciodvfy", file.toString()));
        assertFalse(v.output().contains("Error"), v.output());
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
