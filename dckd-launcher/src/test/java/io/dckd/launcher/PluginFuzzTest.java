package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dckd.core.registry.PluginFailure;
import io.dckd.launcher.plugins.PluginHost;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken plugins: a plugin whose {@code Plugin.start()} throws is reported with its id,
 * and seeded mutations of a good plugin jar (its MANIFEST.MF text, its extensions.idx, its bytes)
 * never make {@link PluginHost} throw: each jar either starts or is reported as a
 * {@link PluginFailure}. {@code -Ddckd.fuzz.cases=N} (default 300 in all, a third per kind).
 */
class PluginFuzzTest {

    static final int CASES = Integer.getInteger("dckd.fuzz.cases", 300);
    static final long SEED = Long.getLong("dckd.fuzz.seed", 0xDC4D2025L);
    static final String[] MANIFEST_TOKENS = {"Plugin-Id: ", "Plugin-Version: ", "Plugin-Requires: ", "Plugin-Class: ",
        "Plugin-Dependencies: ", "java.lang.System", "java.lang.Runnable", "org.acme.tiny.TinyFactory", "org.pf4j.Plugin",
        ">=99", "<0.0.1", "1..x", "*", "", "\r\n", "\n", ":", " ", "tiny", "other@1.0.0", "a,b,c", "\u0000", "é"};
    static final String[] INDEX_LINES = {"org.acme.tiny.TinyFactory", "org.acme.tiny.Missing", "java.lang.String",
        "io.dckd.core.spi.BackboneFactory", "io.dckd.launcher.Dckd", "", "\u0000\u0001", "org.acme.tiny.TinyFactory$1", "#"};

    @TempDir
    Path dir;

    @Test
    void aPluginWhoseStartThrowsIsReportedWithItsId() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.build(plugins, "boom", ">=0.1.0", "org.acme.boom.BoomPlugin",
                Map.of("org.acme.boom.BoomPlugin", "package org.acme.boom;\n"
                        + "public class BoomPlugin extends org.pf4j.Plugin {\n"
                        + "  public void start() { throw new IllegalStateException(\"boom on start\"); }\n}\n",
                        "org.acme.boom.BoomFactory", PluginJars.backboneSource("org.acme.boom", "BoomFactory", "Boom", false)),
                List.of("org.acme.boom.BoomFactory"));
        PluginJars.backbonePlugin(plugins, "tiny", ">=0.1.0", "org.acme.tiny.TinyFactory", "Tiny", false);
        try (DckdApp app = DckdApp.start(dir, plugins)) {
            String all = app.components().failures().toString();
            assertTrue(all.contains("boom") && all.contains("failed to start") && all.contains("boom on start"), all);
            assertTrue(app.components().backbones().contains("tiny:Tiny"), "the other plugin still loads");
            assertTrue(!app.components().backbones().contains("boom:Boom"), "a plugin that failed to start contributes nothing");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedPluginJarsStartOrAreReportedNeverThrow() throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Path good = PluginJars.backbonePlugin(build, "tiny", ">=0.1.0", "org.acme.tiny.TinyFactory", "Tiny", false);
        byte[] goodBytes = Files.readAllBytes(good);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String manifest;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(good))) {
            ByteArrayOutputStream mf = new ByteArrayOutputStream();
            in.getManifest().write(mf);
            manifest = mf.toString(StandardCharsets.UTF_8);
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        Random rnd = new Random(SEED);
        Map<String, Map<String, Integer>> tally = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            String kind = List.of("manifest", "extensions.idx", "jar bytes").get(i % 3);
            byte[] jar = switch (kind) {
                case "manifest" -> zip(mutateText(rnd, manifest, MANIFEST_TOKENS), entries);
                case "extensions.idx" -> {
                    Map<String, byte[]> e = new LinkedHashMap<>(entries);
                    StringBuilder idx = new StringBuilder();
                    for (int k = 0, n = rnd.nextInt(4); k < n; k++) {
                        idx.append(INDEX_LINES[rnd.nextInt(INDEX_LINES.length)]).append('\n');
                    }
                    e.put("META-INF/extensions.idx", idx.toString().getBytes(StandardCharsets.UTF_8));
                    yield zip(manifest, e);
                }
                default -> mutateBytes(rnd, goodBytes.clone());
            };
            Path plugins = Files.createDirectories(dir.resolve("p" + i));
            Path file = Files.write(plugins.resolve("tiny.jar"), jar);
            String outcome;
            try (PluginHost host = new PluginHost(plugins, "0.1.0", Set.of(), Set.of())) {
                List<PluginFailure> failures = host.failures();
                if (!failures.isEmpty()) {
                    assertTrue(failures.get(0).toString().length() > 5, "case " + i);
                    outcome = "reported";
                } else if (!host.contributions().isEmpty()) {
                    outcome = "started";
                } else {
                    outcome = "ignored (not a plugin)";
                }
            } catch (Throwable t) {
                Path keep = Files.copy(file, dir.getParent().resolve("plugin-fuzz-failure-" + i + ".jar"));
                fail("case " + i + " (" + kind + ", kept at " + keep + ") ended in " + t, t);
                return;
            }
            tally.computeIfAbsent(kind, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        }
        System.out.println("plugin fuzz (" + CASES + " cases, seed " + Long.toHexString(SEED) + "): " + tally);
        assertEquals(CASES, tally.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum());
    }

    private static byte[] zip(String manifest, Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write(manifest.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String mutateText(Random rnd, String s, String[] tokens) {
        StringBuilder b = new StringBuilder(s);
        for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
            int at = rnd.nextInt(b.length() + 1);
            switch (rnd.nextInt(3)) {
                case 0 -> b.delete(at, Math.min(b.length(), at + 1 + rnd.nextInt(10)));
                case 1 -> b.insert(at, tokens[rnd.nextInt(tokens.length)]);
                default -> {
                    int colon = b.indexOf(": ", at);
                    if (colon >= 0) {
                        int end = b.indexOf("\n", colon);
                        b.replace(colon + 2, end < 0 ? b.length() : end, tokens[rnd.nextInt(tokens.length)].trim());
                    }
                }
            }
        }
        return b.toString();
    }

    private static byte[] mutateBytes(Random rnd, byte[] b) {
        if (rnd.nextInt(4) == 0) {
            return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        for (int k = 0, n = 1 + rnd.nextInt(8); k < n; k++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
