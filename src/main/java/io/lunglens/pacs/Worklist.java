package io.lunglens.pacs;

import io.lunglens.task.AtomicFiles;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images of every study a query finds (series of the query's modalities only), brought into a folder so that a
 * folder scan reads them. Files are named by their SOP Instance UID: a scan row names the image it is about, and a
 * later run skips what an earlier one already brought when the server stopped half way.
 *
 * @param instances every image, in study, series and instance order
 */
public record Worklist(List<Instance> instances) {

    public Worklist {
        instances = List.copyOf(instances);
    }

    /**
     * What a download brought.
     *
     * @param files   the file of each image brought so far (absolute, normalised)
     * @param failure why the download stopped early, or null when every image is here
     */
    public record Download(Map<Path, Instance> files, String failure) {
        public Download {
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        }

        public boolean complete() {
            return failure == null;
        }
    }

    /** Searches the studies, their series of the query's modalities, and their images. */
    public static Worklist find(DicomWebClient client, StudyQuery query) {
        List<Instance> all = new ArrayList<>();
        for (Study study : client.studies(query)) {
            for (Series s : client.series(study.uid())) {
                if (query.modalities().contains(s.modality())) {
                    all.addAll(client.instances(s));
                }
            }
        }
        return new Worklist(all);
    }

    /**
     * Brings every image not yet in the folder; a server failure stops the download and is returned, not thrown, so
     * that the images already here can be scanned.
     */
    public Download download(DicomWebClient client, Path folder, Progress progress) throws IOException {
        Files.createDirectories(folder);
        Map<Path, Instance> files = new LinkedHashMap<>();
        int done = 0;
        for (Instance i : instances) {
            progress.checkCancelled();
            Path file = folder.resolve(fileName(i));
            if (!Files.isRegularFile(file)) {
                try {
                    AtomicFiles.writeUnsynced(file, client.retrieve(i));
                } catch (PacsException e) {
                    return new Download(files, e.getMessage());
                }
            }
            files.put(file.toAbsolutePath().normalize(), i);
            progress.update(++done, instances.size(), "retrieved " + done + " of " + instances.size() + " images");
        }
        return new Download(files, null);
    }

    /** The file an instance is kept in (its UID was checked to be digits and dots when it came in). */
    public static String fileName(Instance i) {
        return i.uid() + ".dcm";
    }
}
