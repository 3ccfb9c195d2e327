package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Non-finite weights end to end: a NaN learning rate leaves no model, checkpoint or export and exits
 * 1; NaN weights given to {@code dckd restore} are refused unless {@code --allow-non-finite} or
 * {@code path.allow_non_finite_weights}.
 */
class NonFiniteWeightsFlowTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    @Test
    void aNanOrExplodingLearningRateWritesNoModelNoCheckpointAndNoExport() throws Exception {
        // NaN itself never gets past the config (exit 2, before the run directory exists) ...
        TinyRun.Result nan = tiny.train("--set", "name=nanlr", "--set", "train.optim_g.lr=NaN", "--set", "train.total_iter=3");
        assertEquals(2, nan.code(), nan.err());
        assertTrue(nan.err().contains("train.optim_g.lr") && nan.err().contains("is not a finite number"), nan.err());
        assertFalse(Files.exists(tiny.run("nanlr")));
        // ... and a finite rate that blows the weights up stops at that update, with nothing written
        TinyRun.Result huge = tiny.train("--set", "name=hugelr", "--set", "train.optim_g.lr=1e10", "--set", "train.total_iter=3");
        assertEquals(1, huge.code(), huge.err());
        assertTrue(huge.err().contains("the run diverged at iteration 1"), huge.err());
        try (Stream<Path> s = Files.walk(tiny.run("hugelr"))) {
            List<Path> written = s.filter(p -> p.toString().endsWith(".safetensors")).toList();
            assertEquals(List.of(), written, "no safetensors anywhere in the run");
        }
        assertFalse(Files.exists(tiny.run("hugelr").resolve("export")));
    }

    @Test
    void restoreRefusesNanWeightsUnlessAllowed() throws Exception {
        TinyRun.Result trained = tiny.train("--set", "name=good", "--set", "train.total_iter=2");
        assertEquals(0, trained.code(), trained.err());
        Path bad = tiny.home.resolve("nan.safetensors");
        byte[] bytes = Files.readAllBytes(tiny.run("good").resolve("export/student.safetensors"));
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN); // last value of the last tensor
        Files.write(bad, bytes);

        TinyRun.Result refused = restore(bad, tiny.home.resolve("refused.png"));
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains("nan.safetensors: tensor '") && refused.err().contains("holds 1 non-finite value (NaN or infinite)")
                && refused.err().contains("--allow-non-finite"), refused.err());
        assertFalse(Files.exists(tiny.home.resolve("refused.png")));

        assertEquals(0, restore(bad, tiny.home.resolve("flag.png"), "--allow-non-finite").code());
        assertEquals(0, restore(bad, tiny.home.resolve("key.png"), "--set", "path.allow_non_finite_weights=true").code());
        assertTrue(Files.exists(tiny.home.resolve("flag.png")) && Files.exists(tiny.home.resolve("key.png")));
    }

    private TinyRun.Result restore(Path weights, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "-c", tiny.conf.toString(), "--weights", weights.toString(),
                "--input", tiny.home.resolve("data/val/coffee.png").toString(), "--output", output.toString()));
        args.addAll(List.of(more));
        return tiny.dckd(args.toArray(String[]::new));
    }
}
