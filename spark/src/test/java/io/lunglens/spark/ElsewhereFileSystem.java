package io.lunglens.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme, {@code elsewhere:}: to the job a file system that is not {@code file:}, so
 * its folder is listed by Hadoop and staged to local disk, as an hdfs:// or s3a:// archive would be.
 */
public final class ElsewhereFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "elsewhere";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
