package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.train.ImageTensors;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dckd restore} and {@code dckd eval} with a model.onnx that {@code dckd export} wrote from the
 * official rcan-s fixture weights: the ONNX Runtime output equals the safetensors (DJL) output,
 * whole and in small tiles; it reproduces the official fixture output; eval gives the same PSNR; the
 * wrong files and flags are usage errors (exit 2).
 */
class OnnxRestoreEvalFlowTest {

    private static final Path FIXTURE = Path.of("../dckd-backbones/src/test/resources/fixtures/rcan-s-x4-32x32");
    private static final Path WEIGHTS = FIXTURE.resolve("weights.safetensors");
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path home;

    static Path model;
    static Path photo;

    @BeforeAll
    static void export() throws Exception {
        model = home.resolve("rcan-s.onnx");
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", WEIGHTS.toString(), "--backbone", "rcan-s", "--scale", "4",
                "--output", model.toString());
        assertEquals(0, r.code(), r.err());
        // a crop that is no multiple of the tiles below, from a photograph dckd ships
        photo = home.resolve("val/coffee.png");
        Files.createDirectories(photo.getParent());
        ImageFiles.write(ImageFiles.read(TinyRun.SAMPLE.resolve("val/coffee.png")).crop(40, 30, 37, 29), photo);
    }

    @Test
    void restoreThroughOnnxRuntimeEqualsTheSafetensorsOutputWholeAndInTiles() throws Exception {
        for (List<String> tiling : List.of(List.<String>of(), List.of("--tile", "12", "--tile-overlap", "4"))) {
            String tag = tiling.isEmpty() ? "whole" : "tiles";
            Path viaOnnx = home.resolve(tag + "-onnx.safetensors");
            Path viaDjl = home.resolve(tag + "-djl.safetensors");
            restore(tiling, "--weights", model.toString(), "--input", photo.toString(), "--output", viaOnnx.toString());
            restore(tiling, "--weights", WEIGHTS.toString(), "--backbone", "rcan-s", "--scale", "4", "--input", photo.toString(),
                    "--output", viaDjl.toString());
            double diff = maxAbsDiff(viaOnnx, viaDjl);
            System.out.printf("restore %s: max |ONNX Runtime - DJL| = %.3g%n", tag, diff);
            assertTrue(diff <= TOLERANCE, tag + ": " + diff);
        }
        assertTrue(maxAbsDiff(home.resolve("whole-onnx.safetensors"), home.resolve("tiles-onnx.safetensors")) > 10 * TOLERANCE,
                "12-pixel tiles of a network with global pooling differ a little from the whole image, or the tiles were not used");
    }

    @Test
    void restoreThroughOnnxRuntimeWritesTheSameEightBitImage() throws Exception {
        Path viaOnnx = home.resolve("onnx.png");
        Path viaDjl = home.resolve("djl.png");
        restore(List.of(), "--weights", model.toString(), "--input", photo.toString(), "--output", viaOnnx.toString());
        restore(List.of(), "--weights", WEIGHTS.toString(), "--backbone", "rcan-s", "--scale", "4", "--input", photo.toString(),
                "--output", viaDjl.toString());
        float[] a = ImageFiles.read(viaOnnx).chw();
        float[] b = ImageFiles.read(viaDjl).chw();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 1.5f / 255, "pixel value " + i + ": " + a[i] * 255 + " vs " + b[i] * 255);
        }
    }

    @Test
    void theExportedOfficialWeightsReproduceTheOfficialFixtureOutput() throws Exception {
        Path input = home.resolve("fixture-input.png");
        Path out = home.resolve("fixture-output.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = SafeTensors.read(m, FIXTURE.resolve("io.safetensors"));
            ImageFiles.write(ImageTensors.toImage(io.get("input")), input); // the fixture input is 8-bit: k/255 exactly
            restore(List.of(), "--weights", model.toString(), "--input", input.toString(), "--output", out.toString());
            NDArray restored = SafeTensors.read(m, out).get("output");
            double diff = restored.sub(io.get("output")).abs().max().getFloat();
            System.out.printf("rcan-s-x4-32x32 through dckd restore --weights model.onnx: max |ORT - official| = %.3g%n", diff);
            assertTrue(diff <= TOLERANCE, "max abs diff " + diff);
        }
    }

    @Test
    void evalThroughOnnxRuntimeGivesTheSafetensorsPsnr() throws Exception {
        Path conf = home.resolve("eval.conf");
        Files.writeString(conf, String.join("\n", "name = onnx-eval", "scale = 4", "num_threads = 1", "network_g { type = rcan-s }",
                "path.experiments_root = \"" + home.resolve("runs") + "\"",
                "datasets { val { name = val, type = SingleImageDataset, dataroot_gt = \"" + photo.getParent() + "\" } }") + "\n");
        double djl = evalPsnr("djl", "-c", conf.toString(), "--weights", WEIGHTS.toString());
        double onnx = evalPsnr("onnx", "-c", conf.toString(), "--weights", model.toString());
        double metadataOnly = evalPsnr("onnx-metadata", "--weights", model.toString(), "--val", photo.getParent().toString());
        System.out.printf("eval psnr: DJL %.6f, ONNX Runtime %.6f (-c), %.6f (metadata)%n", djl, onnx, metadataOnly);
        assertEquals(djl, onnx, 1e-4);
        assertEquals(djl, metadataOnly, 1e-4);
        assertTrue(Files.isRegularFile(home.resolve("eval-onnx-metadata/crops/val_coffee.png")), "the crops run the model too");
    }

    @Test
    void wrongFilesAndFlagsAreUsageErrors() throws Exception {
        String in = photo.toString();
        String out = home.resolve("never.png").toString();
        byte[] bytes = Files.readAllBytes(model);

        Path truncated = home.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        usageError("not a readable ONNX model", "restore", "--weights", truncated.toString(), "--input", in, "--output", out);
        usageError("not a readable ONNX model", "eval", "--weights", truncated.toString(), "--val", photo.getParent().toString());
        Path conf = home.resolve("x2.conf");
        Files.writeString(conf, "name = x2\nscale = 2\nnetwork_g { type = rcan-s }\npath.experiments_root = \"" + home.resolve("runs")
                + "\"\ndatasets { val { name = val, type = SingleImageDataset, dataroot_gt = \"" + photo.getParent() + "\" } }\n");
        usageError("the config's scale 2 contradicts", "eval", "-c", conf.toString(), "--weights", model.toString(), "--crops", "0");

        usageError("--scale 2 contradicts", "restore", "--weights", model.toString(), "--scale", "2", "--input", in, "--output", out);
        usageError("--backbone does not apply", "restore", "--weights", model.toString(), "--backbone", "rcan-s", "--input", in,
                "--output", out);

        Path bare = home.resolve("bare.onnx");
        Files.write(bare, ModelProto.parseFrom(bytes).toBuilder().clearMetadataProps().build().toByteArray());
        usageError("give --scale", "restore", "--weights", bare.toString(), "--input", in, "--output", out);
        usageError("--scale 2 does not match", "restore", "--weights", bare.toString(), "--scale", "2", "--input", in, "--output", out);
        usageError("give -c/--config", "eval", "--weights", bare.toString(), "--val", photo.getParent().toString());
        assertTrue(Files.notExists(Path.of(out)));

        Path bareOut = home.resolve("bare.safetensors");
        restore(List.of(), "--weights", bare.toString(), "--scale", "4", "--input", in, "--output", bareOut.toString());
        restore(List.of(), "--weights", model.toString(), "--input", in, "--output", home.resolve("meta.safetensors").toString());
        assertEquals(0.0, maxAbsDiff(bareOut, home.resolve("meta.safetensors")), "--scale stands in for the metadata");
    }

    private static void restore(List<String> tiling, String... args) {
        String[] all = new String[args.length + tiling.size() + 1];
        all[0] = "restore";
        System.arraycopy(args, 0, all, 1, args.length);
        for (int i = 0; i < tiling.size(); i++) {
            all[args.length + 1 + i] = tiling.get(i);
        }
        LauncherCall.Result r = LauncherCall.dckd(all);
        assertEquals(0, r.code(), r.err());
        if (!tiling.isEmpty()) {
            assertTrue(r.out().contains("tiles of 12 px"), r.out());
        }
    }

    private static void usageError(String message, String... args) {
        LauncherCall.Result r = LauncherCall.dckd(args);
        assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in\n" + r.err());
    }

    private static double evalPsnr(String name, String... args) throws Exception {
        Path json = home.resolve(name + ".json");
        String[] all = new String[args.length + 7];
        all[0] = "eval";
        System.arraycopy(args, 0, all, 1, args.length);
        String crops = name.equals("onnx-metadata") ? "1" : "0";
        System.arraycopy(new String[] {"--out", home.resolve("eval-" + name).toString(), "--crops", crops, "--json", json.toString()}, 0, all,
                args.length + 1, 6);
        LauncherCall.Result r = LauncherCall.dckd(all);
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(json);
        Matcher psnr = Pattern.compile("\"psnr\":([-0-9.eE]+)").matcher(text);
        assertTrue(psnr.find(), text);
        return Double.parseDouble(psnr.group(1));
    }

    private static double maxAbsDiff(Path a, Path b) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = SafeTensors.read(m, a).get("output");
            NDArray y = SafeTensors.read(m, b).get("output");
            assertEquals(y.getShape(), x.getShape());
            return x.sub(y).abs().max().getFloat();
        }
    }
}
