package io.lunglens.cli;

import io.lunglens.pacs.PacsServer;
import io.lunglens.pacs.PacsSettings;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens pacs add NAME URL: remembers a server; the password or token is read from the terminal, never argv. */
@Command(name = "add", description = "Add (or replace) a DICOMweb server in the settings, which only you can read."
        + " A password or token is asked for, not taken from the command line.")
final class PacsAddCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "A short name for --server.")
    String name;

    @Parameters(index = "1", paramLabel = "URL", description = "The DICOMweb root, e.g. https://pacs.example.org/dicom-web")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Sign in with HTTP basic authentication as USER.")
    String user;

    @Option(names = "--bearer", description = "Sign in with a bearer token.")
    boolean bearer;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (user != null && bearer) {
            err.println("lunglens pacs add: --user and --bearer exclude each other");
            return 2;
        }
        PacsServer server;
        try {
            PacsServer.Auth auth = user != null ? PacsServer.Auth.basic(user, secret("Password for " + user))
                    : bearer ? PacsServer.Auth.bearer(secret("Token")) : PacsServer.Auth.NONE;
            server = new PacsServer(name, URI.create(url), auth);
        } catch (IllegalArgumentException e) {
            err.println("lunglens pacs add: " + e.getMessage());
            return 2;
        }
        Path file = PacsCommand.settings();
        List<PacsServer> servers = new ArrayList<>(PacsSettings.load(file));
        servers.removeIf(s -> s.name().equals(name));
        servers.add(server);
        PacsSettings.save(file, servers);
        o.println("added " + server.label() + " (" + server.auth() + ") to " + file);
        o.flush();
        return 0;
    }

    /** Read without echo from the terminal, or as one line from standard input when there is none. */
    private static String secret(String prompt) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] s = console.readPassword("%s: ", prompt);
            return s == null ? "" : new String(s);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }
}
