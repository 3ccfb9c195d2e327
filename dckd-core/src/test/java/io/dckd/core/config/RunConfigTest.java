package io.dckd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {

    private static Config reference() {
        return ConfigFactory.defaultReference(RunConfigTest.class.getClassLoader());
    }

    /** {@code text} as {@code run.conf} in {@code dir}. */
    private static Path runConf(Path dir, String text) throws Exception {
        return Files.writeString(dir.resolve("run.conf"), text);
    }

    /** The problem that loading {@code file} with {@code overrides} is refused with. */
    private static ConfigProblem loadProblem(Path file, String... overrides) {
        return assertThrows(ConfigProblem.class, () -> RunConfig.load(file, List.of(overrides), reference()));
    }

    @Test
    void misspelledKeyIsReportedWithFileLineAndNearestKey(@TempDir Path dir) throws Exception {
        Path file = runConf(dir, "name = x\ntrain {\n  total_iter = 10\n  ema_decy = 0.9\n}\n");
        ConfigProblem e = loadProblem(file);
        assertTrue(e.getMessage().contains("run.conf: 4"), e.getMessage());
        assertTrue(e.getMessage().contains("'ema_decy'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'ema_decay'"), e.getMessage());
    }

    @Test
    void misspelledTopLevelSection(@TempDir Path dir) throws Exception {
        Path file = runConf(dir, "nme = x\n");
        ConfigProblem e = loadProblem(file);
        assertTrue(e.getMessage().contains("did you mean 'name'"), e.getMessage());
    }

    @Test
    void overridesWinAndDefaultsFillTheRest(@TempDir Path dir) throws Exception {
        Path file = runConf(dir, "name = x\ntrain.total_iter = 10\n");
        Config c = RunConfig.load(file, List.of("train.total_iter=20", "scale=2"), reference());
        assertEquals(20, c.getInt("train.total_iter"));
        assertEquals(2, c.getInt("scale"));
        assertEquals(0.999, c.getDouble("train.ema_decay"));
    }

    @Test
    void wrongTypeNamesTheKeyWhenLoading(@TempDir Path dir) throws Exception {
        Path file = runConf(dir, "train.total_iter = lots\n");
        ConfigException e = loadProblem(file);
        assertTrue(e.getMessage().contains("key train.total_iter = \"lots\" at " + file + ":1 is not a number"), e.getMessage());
    }

    @Test
    void missingFileAndBadOverride(@TempDir Path dir) {
        assertThrows(ConfigProblem.class, () -> RunConfig.load(dir.resolve("nope.conf"), List.of(), reference()));
        assertThrows(ConfigProblem.class, () -> RunConfig.parseOverrides(List.of("no-equals-sign")));
    }

    @Test
    void unknownFrozenPrecisionNamesTheKeyTheLineAndTheAllowedValues(@TempDir Path dir) throws Exception {
        Path file = runConf(dir, "name = x\nprecision.frozen = bf17\n");
        String inFile = loadProblem(file).getMessage();
        String inSet = loadProblem(file, "precision.frozen=fp8").getMessage();
        assertTrue(inFile.contains("key precision.frozen = \"bf17\" at " + file + ":2 is not one of [fp32, bf16, fp16]"), inFile);
        assertTrue(inSet.contains("key precision.frozen = \"fp8\" at --set precision.frozen=fp8"), inSet);
    }

    @Test
    void frozenAndStudentPrecisionsAreRead(@TempDir Path dir) throws Exception {
        Path file = runConf(dir, "name = x\n");
        assertEquals(Precision.FP32, Precision.frozen(RunConfig.load(file, List.of(), reference())));
        assertEquals(Precision.BF16, Precision.frozen(RunConfig.load(file, List.of("precision.frozen=bf16"), reference())));
        assertEquals(Precision.FP16, Precision.frozen(RunConfig.load(file, List.of("precision.frozen=fp16"), reference())));
        assertEquals(Precision.FP32, Precision.student(RunConfig.load(file, List.of(), reference())));
        assertEquals(Precision.BF16, Precision.student(RunConfig.load(file, List.of("precision.student=bf16"), reference())));
        ConfigProblem half = loadProblem(file, "precision.student=fp16");
        assertTrue(half.getMessage().contains("is not one of [fp32, bf16]"), half.getMessage());
    }
}
