package io.lunglens.ui.pacs;

import io.lunglens.pacs.DicomWebClient;
import io.lunglens.pacs.InstanceCache;
import io.lunglens.pacs.PacsServer;
import io.lunglens.pacs.PacsSettings;
import io.lunglens.pacs.Series;
import io.lunglens.pacs.Study;
import io.lunglens.pacs.StudyQuery;
import io.lunglens.task.Job;
import io.lunglens.task.OneLine;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.TaskExecutor;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Open from PACS dialog's state: the servers of the settings, the search fields, the studies found and the
 * selected study's series. Every request runs as a background task; opening a series retrieves its images into the
 * bounded cache and hands their files to the viewer, which loads them as any file.
 */
public final class PacsViewModel {

    private final Path settings;
    private final InstanceCache cache;
    private final TaskExecutor executor;
    private final ObservableList<PacsServer> servers = FXCollections.observableArrayList();
    private final ObjectProperty<PacsServer> server = new SimpleObjectProperty<>(this, "server");
    private final StringProperty patientId = new SimpleStringProperty(this, "patientId", "");
    private final StringProperty patientName = new SimpleStringProperty(this, "patientName", "");
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>(this, "from");
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>(this, "to");
    private final StringProperty modalities = new SimpleStringProperty(this, "modalities",
            String.join(",", StudyQuery.RADIOGRAPHS));
    private final StringProperty accession = new SimpleStringProperty(this, "accession", "");
    private final ObservableList<Study> studies = FXCollections.observableArrayList();
    private final ObservableList<Series> series = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    public PacsViewModel(Path settings, InstanceCache cache, TaskExecutor executor) {
        this.settings = settings;
        this.cache = cache;
        this.executor = executor;
    }

    /** Reads the servers from the settings file (again); the first becomes the selected one if none is. */
    public void reloadServers() {
        try {
            servers.setAll(PacsSettings.load(settings));
        } catch (Exception e) {
            servers.clear();
            status.set(OneLine.of(e));
            return;
        }
        if (server.get() == null || !servers.contains(server.get())) {
            server.set(servers.isEmpty() ? null : servers.get(0));
        }
        status.set(servers.isEmpty() ? "No PACS server yet: add one with  lunglens pacs add NAME URL [--user USER]"
                : "");
    }

    /** Searches the selected server with the fields as they are now. */
    public void search() {
        StudyQuery query;
        try {
            query = new StudyQuery(patientId.get(), patientName.get(), from.get(), to.get(), modalityList(),
                    accession.get());
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        series.clear();
        run("Searching\u2026", client -> client.studies(query), found -> {
            studies.setAll(found);
            status.set(found.size() + (found.size() == 1 ? " study" : " studies") + " on "
                    + client().server().label());
        });
    }

    /** Lists the series of a study (none for null). */
    public void selectStudy(Study study) {
        series.clear();
        if (study != null) {
            run("Listing series\u2026", client -> client.series(study.uid()), found -> {
                series.setAll(found);
                status.set(found.size() + " series" + " in the study of "
                        + study.date() + "; open one to read it");
            });
        }
    }

    /** Retrieves a series' images into the cache (or finds them there) and gives their files to onOpened. */
    public void open(Series s, Consumer<List<Path>> onOpened) {
        run("Retrieving " + s.instances() + " images\u2026", client -> cache.series(client, s), files -> {
            status.set("Opened " + files.size() + (files.size() == 1 ? " image" : " images") + " from "
                    + client().server().label());
            onOpened.accept(files);
        });
    }

    private List<String> modalityList() {
        return Arrays.stream(modalities.get().split("[,\\s]+")).filter(m -> !m.isBlank()).toList();
    }

    private DicomWebClient client() {
        return new DicomWebClient(server.get());
    }

    /** One request to the selected server as a background task, with its failure as the status line. */
    private <T> void run(String message, ClientJob<T> work, Consumer<T> done) {
        if (server.get() == null) {
            status.set("Choose a PACS server first.");
            return;
        }
        DicomWebClient client = client();
        busy.set(true);
        status.set(message);
        Job<T> job = progress -> work.run(client);
        executor.execute(BackgroundTask.of(job).onSuccess(done)
                .onFailure(e -> status.set(OneLine.of(e)))
                .onFinished(() -> busy.set(false)));
    }

    @FunctionalInterface
    private interface ClientJob<T> {
        T run(DicomWebClient client) throws Exception;
    }

    public ObservableList<PacsServer> getServers() { return servers; }

    public ObjectProperty<PacsServer> serverProperty() { return server; }

    public StringProperty patientIdProperty() { return patientId; }

    public StringProperty patientNameProperty() { return patientName; }

    public ObjectProperty<LocalDate> fromProperty() { return from; }

    public ObjectProperty<LocalDate> toProperty() { return to; }

    public StringProperty modalitiesProperty() { return modalities; }

    public StringProperty accessionProperty() { return accession; }

    public ObservableList<Study> getStudies() { return studies; }

    public ObservableList<Series> getSeries() { return series; }

    public StringProperty statusProperty() { return status; }

    public BooleanProperty busyProperty() { return busy; }
}
