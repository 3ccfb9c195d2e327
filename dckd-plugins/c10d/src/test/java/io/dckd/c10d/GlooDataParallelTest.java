package io.dckd.c10d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data parallel over c10d's Gloo on loopback, one JVM per rank ({@link RankMain}), as torchrun runs it.
 */
class GlooDataParallelTest {

    @TempDir
    Path dir;

    @Test
    void twoRanksOfBatchTwoTrainAsOneProcessOfBatchFour() throws Exception {
        int port = freePort();
        List<Process> ps = List.of(
                start("rank0", 0, 2, port, "2"),
                start("rank1", 1, 2, port, "2"),
                start("single", 0, 1, port, "4"));
        for (Process p : ps) {
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "a rank did not finish in 240 s");
        }
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(0, ps.get(i).exitValue(), () -> log("rank0") + log("rank1") + log("single"));
        }
        float[] r0 = weights("rank0");
        float[] r1 = weights("rank1");
        float[] single = weights("single");
        assertEquals(single.length, r0.length);
        double maxRanks = 0;
        double maxSingle = 0;
        for (int i = 0; i < single.length; i++) {
            maxRanks = Math.max(maxRanks, Math.abs(r0[i] - r1[i]));
            maxSingle = Math.max(maxSingle, Math.abs(r0[i] - single[i]));
        }
        System.out.printf("after 5 steps: |rank0 - rank1| max %.3g, |rank0 - one process with batch 4| max %.3g%n",
                maxRanks, maxSingle);
        assertEquals(0, maxRanks, "the ranks' weights parted");
        assertTrue(maxSingle <= 1e-5, "2 ranks x batch 2 vs 1 process x batch 4: max |diff| " + maxSingle);
    }

    @Test
    void aRankThatDiesMakesTheOtherFailCleanly() throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        Process survivor = start("rank0", 0, 2, port, "2");
        Process victim = start("rank1", 1, 2, port, "2", "2");
        assertTrue(victim.waitFor(240, TimeUnit.SECONDS));
        assertEquals(3, victim.exitValue(), () -> log("rank1"));
        assertTrue(survivor.waitFor(60, TimeUnit.SECONDS), "rank 0 still runs 60 s after rank 1 died");
        String err = log("rank0");
        System.out.printf("rank 0 stopped %.1f s after start: %s%n", (System.nanoTime() - t0) / 1e9,
                err.lines().filter(l -> l.startsWith("FAILED")).findFirst().orElse(err));
        assertEquals(2, survivor.exitValue(), err);
        assertTrue(err.contains("FAILED: rank 0 of 2: all-reduce failed"), err);
        assertFalse(err.contains("A fatal error has been detected"), err);
    }

    private Process start(String name, int rank, int world, int port, String perRank, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                RankMain.class.getName(), dir.resolve(name + ".bin").toString(),
                Integer.toString(rank), Integer.toString(world), Integer.toString(port), "5", perRank));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private String log(String name) {
        try {
            return "--- " + name + " ---\n" + Files.readString(dir.resolve(name + ".log")) + "\n";
        } catch (IOException e) {
            return "--- " + name + ": no log\n";
        }
    }

    private float[] weights(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(name + ".bin"));
        float[] w = new float[bytes.length / 4];
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readFloat();
            }
        }
        return w;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
