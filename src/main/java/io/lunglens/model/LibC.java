package io.lunglens.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few C library calls LungLens makes, through JNA: what libtorch reads from the process before it loads. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);

    int open(String path, int flags, int mode);

    int dup(int fd);

    int dup2(int from, int to);

    int close(int fd);

    long write(int fd, byte[] buf, long count);
}
