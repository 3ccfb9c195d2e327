package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dckd bench --mode restore --weights model.onnx} on a model {@code dckd export} wrote from the
 * trained edsr-t fixture, and the ONNX Runtime thread settings of bench, restore and eval: checked
 * for the report and the settings, never for timings.
 */
class BenchOnnxFileTest {

    private static final Path WEIGHTS = Path.of("src/test/resources/fixtures/trained/edsr-t-sr-x4-quick.safetensors");

    @TempDir
    static Path home;

    static Path model;

    @BeforeAll
    static void export() {
        model = home.resolve("edsr-t.onnx");
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", WEIGHTS.toString(), "--format", "onnx", "--output", model.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static String bench(String json, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--json";
        all[args.length + 2] = home.resolve(json).toString();
        LauncherCall.Result r = LauncherCall.dckd(all);
        assertEquals(0, r.code(), r.err());
        return Files.readString(home.resolve(json));
    }

    @Test
    void anExportedModelIsTimedInOnnxRuntimeAndItsArchitectureInDjl() throws Exception {
        String report = bench("file.json", "--mode", "restore", "--weights", model.toString(), "--size", "16", "--threads", "1",
                "--warmup", "0", "--steps", "1");
        for (String key : new String[] {"\"onnx_model\":", "\"scale\":4", "\"lr_side\":16", "\"ort_median_ms\":", "\"ort_images_per_s\":",
                "\"ort_intra_op_threads\":1", "\"ort_inter_op_threads\":1", "\"ort_precision\":\"fp32\"", "\"network\":\"EDSR\"",
                "\"threads\":1", "\"median_ms\":", "\"images_per_s\":", "\"weights\":\"random in DJL"}) {
            assertTrue(report.contains(key), key + " in " + report);
        }
        if (Files.isWritable(Path.of("/proc/self/clear_refs"))) {
            assertTrue(report.contains("\"ort_rss_peak_mib\":") && report.contains("\"ort_rss_peak_delta_mib\":")
                    && report.contains("\"rss_peak_delta_mib\":"), report);
        }
    }

    @Test
    void aModelWithoutMetadataNeedsScaleAndHasNoDjlColumn() throws Exception {
        Path bare = home.resolve("bare.onnx");
        Files.write(bare, ModelProto.parseFrom(Files.readAllBytes(model)).toBuilder().clearMetadataProps().build().toByteArray());
        usageError("give --scale", "bench", "--mode", "restore", "--weights", bare.toString(), "--size", "16", "--steps", "1");
        String report = bench("bare.json", "--mode", "restore", "--weights", bare.toString(), "--scale", "4", "--size", "16",
                "--threads", "1", "--warmup", "0", "--steps", "1");
        assertTrue(report.contains("\"ort_median_ms\":") && report.contains("\"djl_skipped\":") && !report.contains("\"median_ms\""),
                report);
    }

    @Test
    void damagedOrMissingFilesAndWrongFlagsAreUsageErrors() throws Exception {
        Path truncated = home.resolve("truncated.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        usageError("not a readable ONNX model", "bench", "--mode", "restore", "--weights", truncated.toString(), "--steps", "1");
        usageError("cannot read", "bench", "--mode", "restore", "--weights", home.resolve("missing.onnx").toString(), "--steps", "1");
        usageError("--weights applies to --mode restore", "bench", "--mode", "scratch", "--weights", model.toString());
        usageError("not both", "bench", "--mode", "restore", "--weights", model.toString(), "--student", "rcan-s");
        usageError("must name an ONNX model", "bench", "--mode", "restore", "--weights", WEIGHTS.toString());
    }

    @Test
    void restoreAndEvalPassTheirThreadsToTheSession() throws Exception {
        Path photo = home.resolve("val/coffee.png");
        Files.createDirectories(photo.getParent());
        ImageFiles.write(ImageFiles.read(TinyRun.SAMPLE.resolve("val/coffee.png")).crop(40, 30, 24, 20), photo);
        LauncherCall.Result r = LauncherCall.dckd("restore", "--weights", model.toString(), "--threads", "2", "--input", photo.toString(),
                "--output", home.resolve("out.png").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("runs in ONNX Runtime (CPU): 2 intra-op, 1 inter-op threads"), r.err());
        r = LauncherCall.dckd("eval", "--weights", model.toString(), "--val", photo.getParent().toString(), "--crops", "0",
                "--out", home.resolve("eval").toString(), "--set", "num_threads=3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("runs in ONNX Runtime (CPU): 3 intra-op, 1 inter-op threads"), r.err());
        usageError("--threads must be >= 0", "restore", "--weights", model.toString(), "--threads", "-1", "--input", photo.toString(),
                "--output", home.resolve("never.png").toString());
    }

    private static void usageError(String message, String... args) {
        LauncherCall.Result r = LauncherCall.dckd(args);
        assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in\n" + r.err());
    }
}
