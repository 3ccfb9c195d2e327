package io.dckd.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Exclusive use of a run directory by one process: an OS lock ({@code fcntl}) on {@code .lock}
 * inside it, holding the owner's PID and start time. The kernel drops the lock when the process
 * ends in any way, {@code kill -9} included, so a stale lock cannot exist; the file itself may stay.
 *
 * <p>Why: two {@code dckd train} processes on one run directory both wrote every metrics line and
 * checkpoint, and the results were a mix of both runs.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name inside the run directory. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if missing) for this process.
     *
     * @throws RunDirectoryInUseException when another process (or another run in this one) holds it
     */
    public static RunLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir.toAbsolutePath() + ": " + IoFaults.describe(e), e);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                ch.close();
                throw new RunDirectoryInUseException(dir, owner.isEmpty() ? "another process" : owner);
            }
            ch.truncate(0);
            ProcessHandle self = ProcessHandle.current();
            String owner = "process " + self.pid() + " (started " + self.info().startInstant().orElse(Instant.now()) + ")";
            ch.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new RunLock(ch, l);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the open failed or the lock was never taken
                }
            }
            throw new UncheckedIOException("cannot lock the run directory " + dir.toAbsolutePath() + ": " + IoFaults.describe(e), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is ending or the directory is gone: the kernel drops the lock anyway
        }
    }

    /** Another process holds the run directory (the launcher exits with 2). */
    public static final class RunDirectoryInUseException extends RuntimeException {
        public RunDirectoryInUseException(Path dir, String owner) {
            super("the run directory " + dir.toAbsolutePath() + " is in use by " + owner
                    + "; wait for it to finish, stop it, or give this run another name (--set name=...)");
        }
    }
}
