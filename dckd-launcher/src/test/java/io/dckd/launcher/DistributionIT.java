package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged distribution ({@code target/dckd}, built by {@code mvn package}): {@code bin/dckd}
 * finds the same components on the class path and on the module path, bundled plugins included, and
 * {@code docs/} carries the method reference.
 */
class DistributionIT {

    private static final Path DIST = Path.of("target/dckd");

    private static List<String> components(boolean modulePath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/dckd").toAbsolutePath().toString(), "plugins");
        pb.environment().put("DCKD_MODULE_PATH", modulePath ? "1" : "0");
        pb.redirectErrorStream(false);
        Path out = Files.createTempFile("dckd-plugins", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "dckd plugins finished");
        assertEquals(0, p.exitValue(), "exit code; output: " + Files.readString(out));
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("  ")) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        Files.delete(out);
        return names;
    }

    @Test
    void classPathAndModulePathSeeTheSameComponents() throws Exception {
        List<String> cp = components(false);
        List<String> mp = components(true);
        assertTrue(cp.contains("RCAN") && cp.contains("sr") && cp.contains("L1Loss") && cp.contains("calculate_psnr"), cp.toString());
        assertTrue(cp.contains("fsrcnn:FSRCNN"), "the bundled example plugin is listed: " + cp);
        assertEquals(cp, mp);
    }

    /** {@code bin/dckd bench --mode restore} (one tiny step) with {@code env}; returns exit code and standard output. */
    private static String[] bench(java.util.Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/dckd").toAbsolutePath().toString(), "bench", "--mode", "restore",
                "--student", "rcan-s", "--patch", "16", "--warmup", "0", "--steps", "1", "--threads", "1");
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GOMP_SPINCOUNT");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dckd-bench", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "dckd bench finished");
        String text = Files.readString(out);
        Files.delete(out);
        return new String[] {String.valueOf(p.exitValue()), text};
    }

    @Test
    void threadWaitPolicyFollowsTheLoadAtStart() throws Exception {
        Path busy = Files.writeString(Files.createTempFile("stat", ""), "cpu  1 2 3 4\nprocs_running 65\nprocs_blocked 0\n");
        Path idle = Files.writeString(Files.createTempFile("stat", ""), "cpu  1 2 3 4\nprocs_running 1\nprocs_blocked 0\n");
        String[] crowded = bench(java.util.Map.of("DCKD_PROC_STAT", busy.toString()));
        assertEquals("0", crowded[0], crowded[1]);
        assertTrue(crowded[1].contains("\"omp_wait\":\"PASSIVE (auto: 64 other runnable processes on"), crowded[1]);
        String[] quiet = bench(java.util.Map.of("DCKD_PROC_STAT", idle.toString()));
        assertTrue(quiet[1].contains("\"omp_wait\":\"default (auto: 0 other runnable processes on"), quiet[1]);
        String[] forced = bench(java.util.Map.of("DCKD_PROC_STAT", idle.toString(), "DCKD_OMP_WAIT", "passive"));
        assertTrue(forced[1].contains("\"omp_wait\":\"PASSIVE (DCKD_OMP_WAIT=passive)"), forced[1]);
        assertEquals("2", bench(java.util.Map.of("DCKD_OMP_WAIT", "sometimes"))[0]);
        Files.delete(busy);
        Files.delete(idle);
    }

    @Test
    void theMethodReferenceShipsInDocs() throws Exception {
        for (String doc : List.of("METHOD.md", "ANCHORS.md")) {
            Path shipped = DIST.resolve("docs").resolve(doc);
            assertTrue(Files.isRegularFile(shipped), shipped.toString());
            assertEquals(Files.readString(Path.of("../dckd-core/docs").resolve(doc)), Files.readString(shipped), doc);
        }
    }
}
