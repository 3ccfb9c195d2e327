package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import io.dckd.core.train.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk and path faults stop a run cleanly (exit code 1, a message naming the path and the cause)
 * and leave the last good checkpoint intact and loadable. Tests run as root here, where a
 * read-only folder does not stop writes, so the unwritable run directory is a path under a regular
 * file; the full disk is a 1 MiB tmpfs, filled right after the first checkpoint (skipped where
 * {@code mount -t tmpfs} is not permitted).
 */
class DiskFaultTest {

    @TempDir
    Path home;

    @Test
    void aRunDirectoryThatCannotBeCreatedStopsWithThePathAndTheCause() throws Exception {
        TinyRun tiny = new TinyRun(home);
        Path file = Files.writeString(home.resolve("not-a-folder"), "x");
        TinyRun.Result r = tiny.train("--set", "path.experiments_root=\"" + file.resolve("runs") + "\"");
        System.out.println("DiskFaultTest (path under a file): " + r.err());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot create the run directory " + file.resolve("runs/tiny")), r.err());
        assertTrue(r.err().contains(file + ": a file is in the way") || r.err().contains("Not a directory"), r.err());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aFullDiskDuringACheckpointStopsAndTheRunResumesOnceThereIsSpace() throws Exception {
        Path small = Files.createDirectories(home.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, "mount -t tmpfs is not permitted here: " + new String(mount.getInputStream().readAllBytes()));
        try {
            TinyRun tiny = new TinyRun(home, "path.experiments_root = \"" + small + "\"", "train.total_iter = 12");
            Path checkpoints = small.resolve("tiny/checkpoints");
            Path filler = small.resolve("filler");
            AtomicBoolean filled = new AtomicBoolean();
            Thread fill = new Thread(() -> {
                try {
                    while (!Files.isDirectory(checkpoints.resolve("iter_00000002"))) {
                        Thread.sleep(1);
                    }
                    long free = Files.getFileStore(small).getUsableSpace();
                    try (var ch = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        ch.write(java.nio.ByteBuffer.allocate((int) Math.max(0, free - 32 * 1024)));
                    }
                    filled.set(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            fill.start();
            TinyRun.Result r = tiny.train();
            fill.join(10_000);
            System.out.println("DiskFaultTest (full disk): " + r.err());
            assertTrue(filled.get(), "the disk was filled");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("training stopped: "), r.err());
            assertTrue(r.err().contains("No space left on device"), r.err());
            assertTrue(r.err().contains(small.toString()), "names the path: " + r.err());

            CheckpointStore store = new CheckpointStore(checkpoints, 2);
            long good = store.latest().orElseThrow().iter();
            assertTrue(r.err().contains("last good checkpoint (iteration " + good + ") is intact"), r.err());
            try (NDManager m = NDManager.newBaseManager()) {
                assertTrue(store.latest().orElseThrow().read(m, "net_g_ema").size() > 0, "the last good checkpoint loads");
            }
            try (var s = Files.list(checkpoints)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no partial checkpoint left behind");
            }

            Files.delete(filler);
            TinyRun.Result resumed = tiny.train("--resume");
            assertEquals(0, resumed.code(), resumed.err());
            assertTrue(Files.readString(small.resolve("tiny/train.log")).contains("at iteration " + good), "resumed from iteration " + good);
            assertTrue(Files.exists(small.resolve("tiny/models/net_g_ema.safetensors")));
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
