package io.lunglens.spark;

import io.lunglens.imaging.ImageFormat;
import io.lunglens.scan.ScanJob;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder to scan, on any Hadoop file system, and how a JVM reaches its files as local files, which the scan's
 * decoders read. A {@code file:} folder is read in place, so rows name files exactly as {@code lunglens scan} does.
 * Any other folder is staged: each file is copied into a local folder that holds the archive's top-level folders
 * (and their {@code images/}), which is all the scan's class-folder rules look at, and deleted once scanned.
 */
final class Archive implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Archive.class);

    private final String root;
    private final boolean local;
    /** The top-level folders (and their images/), relative: the skeleton a staging folder is given. */
    private final List<String> dirs;
    private final HadoopConf conf;

    private Archive(String root, boolean local, List<String> dirs, HadoopConf conf) {
        this.root = root;
        this.local = local;
        this.dirs = dirs;
        this.conf = conf;
    }

    static Archive of(String input, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
        FileSystem fs = p.getFileSystem(conf);
        p = fs.makeQualified(p);
        if (!fs.getFileStatus(p).isDirectory()) {
            throw new IOException(input + ": not a folder");
        }
        boolean local = "file".equals(p.toUri().getScheme());
        List<String> dirs = new ArrayList<>();
        if (!local) {
            for (FileStatus d : fs.listStatus(p)) {
                if (d.isDirectory()) {
                    String name = d.getPath().getName();
                    dirs.add(name);
                    if (fs.exists(new org.apache.hadoop.fs.Path(d.getPath(), "images"))) {
                        dirs.add(name + "/images");
                    }
                }
            }
        }
        return new Archive(p.toString(), local, dirs, new HadoopConf(conf));
    }

    Configuration conf() {
        return conf.get();
    }

    /** A local view of the folder for this JVM; close it when done. */
    Folder open() throws IOException {
        if (local) {
            return new Folder(Path.of(new org.apache.hadoop.fs.Path(root).toUri()), null);
        }
        Path stage = Files.createTempDirectory("lunglens-stage");
        for (String d : dirs) {
            Files.createDirectories(stage.resolve(d));
        }
        return new Folder(stage, FileSystem.get(new org.apache.hadoop.fs.Path(root).toUri(), conf.get()));
    }

    /**
     * The files {@code lunglens scan} would scan, relative to the folder, in its order. A local folder is listed by
     * the scan itself; another file system by Hadoop, keeping files named like images that the scan's rules keep.
     */
    List<String> list(Folder folder, ScanJob job) throws IOException {
        List<String> rel = new ArrayList<>();
        if (local) {
            for (Path f : job.files()) {
                rel.add(folder.root().relativize(f).toString());
            }
            return rel;
        }
        String prefix = new org.apache.hadoop.fs.Path(root).toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> it = folder.fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
        while (it.hasNext()) {
            String r = it.next().getPath().toUri().getPath().substring(prefix.length());
            if (Stream.of(r.split("/")).noneMatch(s -> s.startsWith("."))
                    && ImageFormat.hasImageExtension(r.substring(r.lastIndexOf('/') + 1))
                    && job.keeps(folder.root().resolve(r))) {
                rel.add(r);
            }
        }
        rel.sort(Comparator.naturalOrder());
        return rel;
    }

    /** The archive's folder as a JVM sees it: in place, or a staging folder. */
    final class Folder implements AutoCloseable {
        private final Path root;
        private final FileSystem fs;

        private Folder(Path root, FileSystem fs) {
            this.root = root;
            this.fs = fs;
        }

        Path root() {
            return root;
        }

        /**
         * The file as a local file, copied here first when the archive is elsewhere. A file that cannot be copied
         * is left missing, so that the scan gives it a row with its reason, as it does any unreadable file.
         */
        Path reach(String rel) throws IOException {
            Path f = root.resolve(rel);
            if (fs != null) {
                Files.createDirectories(f.getParent());
                try {
                    fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(Archive.this.root + "/" + rel),
                            new org.apache.hadoop.fs.Path(f.toUri()), true);
                } catch (IOException e) {
                    LOG.warn("{}: cannot copy: {}", rel, e.toString());
                }
            }
            return f;
        }

        /** Done with a file reached: a staged copy is deleted. */
        void release(Path f) throws IOException {
            if (fs != null) {
                Files.deleteIfExists(f);
            }
        }

        /** The path column for a file reached here: the local path in place, else the archive's URI. */
        String name(Path f) {
            return fs == null ? f.toString() : Archive.this.root + "/" + root.relativize(f);
        }

        /** The local path a path column names, for the scan's class-folder rules. */
        Path local(String name) {
            return fs == null ? Path.of(name) : root.resolve(name.substring(Archive.this.root.length() + 1));
        }

        @Override
        public void close() throws IOException {
            if (fs != null) {
                try (Stream<Path> s = Files.walk(root)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
