package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigException;
import io.dckd.core.config.RunConfig;
import io.dckd.launcher.cmd.ConfigOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of run configs: every bundled config ({@code src/dist/configs}), mutated
 * as text (deleted and inserted characters and HOCON tokens, unbalanced braces, substitutions
 * that cycle or point nowhere, huge numbers, wrong value types), must load through
 * {@link RunConfig#load} and {@link ConfigOptions#complete} (dataset defaults, component types: what
 * {@code dckd config} and {@code dckd train} run) or fail with a {@link ConfigException} (exit code 2 with file:line);
 * never another exception, a hang or an OOM. {@code -Ddckd.fuzz.cases=N} (default 300 in all).
 */
class ConfigFuzzTest {

    static final int CASES = Integer.getInteger("dckd.fuzz.cases", 300);
    static final long SEED = Long.getLong("dckd.fuzz.seed", 0xDC4D2025L);
    static final String[] TOKENS = {"{", "}", "[", "]", "=", ":", "\"", ",", "\n", "${", "${?x}", "${name}", "${a.b}",
        "a = ${a}", "include \"missing.conf\"", "1e999", "-1", "0", "9223372036854775808", "null", "true", "\"\"",
        "+=", "\\u0000", "//", "#", "\"\"\"", "x.y.z", "..", "network_g", "total_iter = \"many\"", "train = 5",
        "datasets { train = [1, 2] }", "logger.keep_last = -3", "\t", "\uD83D", "é", "a = [${b}]\nb = [${a}]"};

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedBundledConfigsLoadOrFailWithAConfigException() throws Exception {
        List<String> originals = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("src/dist/configs"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                originals.add(Files.readString(p));
            }
        }
        assertTrue(originals.size() >= 5, "bundled configs found");
        Random rnd = new Random(SEED);
        Map<String, Integer> tally = new TreeMap<>();
        Path file = dir.resolve("fuzz.conf");
        try (DckdApp app = DckdApp.start(dir, dir.resolve("plugins"))) {
            for (int i = 0; i < CASES; i++) {
                String text = mutate(rnd, originals.get(rnd.nextInt(originals.size())));
                Files.write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // a lone surrogate becomes ?
                String outcome;
                try {
                    ConfigOptions.complete(RunConfig.load(file, List.of(), app.reference()), app);
                    outcome = "loaded";
                } catch (ConfigException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "case " + i);
                    outcome = "ConfigException";
                } catch (Throwable t) {
                    Path keep = Files.write(dir.getParent().resolve("config-fuzz-failure-" + i + ".conf"), text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    fail("case " + i + " (kept at " + keep + ") ended in " + t, t);
                    return;
                }
                tally.merge(outcome, 1, Integer::sum);
            }
        }
        System.out.println("config fuzz (" + CASES + " cases, seed " + Long.toHexString(SEED) + "): " + tally);
        assertEquals(CASES, tally.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(tally.getOrDefault("ConfigException", 0) > CASES / 5, tally.toString());
    }

    private static String mutate(Random rnd, String s) {
        StringBuilder b = new StringBuilder(s);
        for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
            int at = rnd.nextInt(b.length() + 1);
            switch (rnd.nextInt(5)) {
                case 0 -> b.delete(at, Math.min(b.length(), at + 1 + rnd.nextInt(12)));
                case 1 -> b.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 2 -> b.insert(at, (char) rnd.nextInt(128));
                case 3 -> {
                    // replace the value after some '=' with another token
                    int eq = b.indexOf("=", at);
                    if (eq >= 0) {
                        int end = b.indexOf("\n", eq);
                        b.replace(eq + 1, end < 0 ? b.length() : end, " " + TOKENS[rnd.nextInt(TOKENS.length)]);
                    }
                }
                default -> b.append('\n').append(TOKENS[rnd.nextInt(TOKENS.length)]).append(" = ").append(TOKENS[rnd.nextInt(TOKENS.length)]);
            }
        }
        return b.toString();
    }
}
