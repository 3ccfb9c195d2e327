package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.edsr.EDSRFactory;
import io.dckd.backbones.nafnet.NAFNetFactory;
import io.dckd.backbones.rcan.RCANFactory;
import io.dckd.backbones.restormer.RestormerFactory;
import io.dckd.backbones.swinir.SwinIRFactory;
import io.dckd.backbones.vqgan.VqganFactory;
import io.dckd.core.data.Sample;
import io.dckd.core.image.RgbImage;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.core.nn.StateDict;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.dckd.core.onnx.OnnxActivations;
import io.dckd.core.onnx.OnnxExport;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.registry.Presets;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;
import io.dckd.core.train.Network;
import io.dckd.plugins.fsrcnn.FsrcnnFactory;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.tasks.metrics.Psnr;
import io.dckd.tasks.resize.MatlabResize;
import io.dckd.tasks.task.DeblurTask;
import io.dckd.tasks.task.DenoiseTask;
import io.dckd.tasks.task.SrTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float16 ONNX export against the float32 one on the bundled validation photographs (x4
 * bicubic LR, PSNR on Y with a 4-pixel border as BasicSR): ONNX Runtime runs it, its output is
 * finite, within 0.1 dB of the float32 export's PSNR and at least 45 dB from the float32 output
 * itself, and the file is about half the size. ONNX Runtime's CPU provider runs the float16 model in
 * float32 between a cast in and a cast out, so the float32 model with every weight and activation
 * rounded to float16 ({@link OnnxActivations#roundedToFloat16}), as a float16 runtime stores them,
 * must stay within 0.1 dB too. Weights: rcan-s, edsr-t and the fsrcnn plugin (d = 56) trained by
 * {@code dckd train -c sr-x4-quick} (the fixtures in {@code src/test/resources/fixtures/trained},
 * see its README); edsr-s (img_range 255: activations up to a few hundred) PyTorch's default
 * initialisation, seed 1, whose PSNR against the photographs is low: for it the distance between
 * the two exports is what counts. NAFNet, Restormer and SwinIR (small options, trained by the
 * fixtures README's commands) are exported as {@code dckd export} exports them (the architecture from
 * the weights' metadata, the padding to the size multiple in the graph) and measured on their task's
 * validation pairs ({@link RestorationTask#validationSets}: the LQ a run validates on, seeded per image)
 * with the task's default PSNR (RGB, no border, for deblur and denoise; Y, border 4, for x4 sr); for
 * them the float32 weights' bytes must halve (the rest of these small files keeps its size). The
 * VQGAN encoder, whose export is a feature, is compared with its float32 export directly.
 */
class OnnxFloat16AccuracyTest {

    private static final Path VAL = TinyRun.SAMPLE.resolve("val");
    private static final Path TRAINED = Path.of("src/test/resources/fixtures/trained");
    private static final Set<String> TRAINED_PRESETS = Set.of("edsr-t", "rcan-s", "fsrcnn");

    @ParameterizedTest
    @ValueSource(strings = {"edsr-t", "edsr-s", "rcan-s", "fsrcnn"})
    void float16ExportIsFiniteWithinATenthOfADecibelAndHalfTheSize(String preset) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ComponentSpec spec = spec(preset);
            Backbone b = factory(spec.type()).create(spec);
            b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            if (TRAINED_PRESETS.contains(preset)) {
                Path trained = TRAINED.resolve(preset + "-sr-x4-quick.safetensors");
                StateDict.load(b.block(), SafeTensors.read(m, trained), true, trained.toString());
            } else {
                b.initializeWeights(1);
            }
            byte[] fp32 = OnnxExport.model(b.block(), spec, 4, OnnxExport.DEFAULT_OPSET, false);
            OnnxExport.Checked checked = OnnxExport.checked(b.block(), spec, 4, OnnxExport.DEFAULT_OPSET, true, m);
            byte[] fp16 = checked.bytes();
            double ratio = (double) fp16.length / fp32.length;
            System.out.printf("%s: fp32 %d bytes, fp16 %d bytes (%.3f); largest activation on the probe %.4g; max |fp16 ORT - DJL| %.3g%n",
                    preset, fp32.length, fp16.length, ratio, checked.peak().magnitude(), checked.maxAbsDiff());
            assertTrue(ratio > 0.45 && ratio < 0.55, preset + ": fp16/fp32 size " + ratio);
            byte[] rounded = OnnxActivations.roundedToFloat16(ModelProto.parseFrom(fp32)).toByteArray();
            try (OnnxRuntimeModel full = OnnxRuntimeModel.of(fp32, 2); OnnxRuntimeModel half = OnnxRuntimeModel.of(fp16, 2);
                 OnnxRuntimeModel storage = OnnxRuntimeModel.of(rounded, 2)) {
                assertTrue(half.float16());
                for (String name : List.of("coffee", "motorcycle_right")) {
                    measure(m, preset, name, full, half, storage);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"nafnet-deblur-quick, NAFNet, deblur", "restormer-denoise-quick, Restormer, denoise",
            "swinir-sr-x4-quick, SwinIR, sr"})
    void trainedFloat16ExportOfEachTaskIsFiniteWithinATenthOfADecibelWithHalfTheWeightBytes(String fixture, String type, String task)
            throws Exception {
        Path file = TRAINED.resolve(fixture + ".safetensors");
        StoredArchitecture a = StoredArchitecture.from(WeightsMetadata.read(file), file.toString()).orElseThrow();
        assertTrue(a.type().equals(type) && a.task().equals(task), file + ": " + a.describe());
        ComponentSpec spec = a.spec("network_g");
        try (Network net = Network.create("export", factory(type).create(spec), Device.cpu(), 0, false, 16)) {
            try (NDManager m = net.manager().newSubManager()) {
                net.load(SafeTensors.read(m, file), true, file.toString());
            }
            OnnxExport.Checked fp32 = OnnxExport.checked(net, spec, task, OnnxExport.DEFAULT_OPSET, false);
            OnnxExport.Checked fp16 = OnnxExport.checked(net, spec, task, OnnxExport.DEFAULT_OPSET, true);
            double ratio = (double) fp16.bytes().length / fp32.bytes().length;
            long weights = float32InitializerBytes(ModelProto.parseFrom(fp32.bytes()));
            double saved = (double) (fp32.bytes().length - fp16.bytes().length) / weights;
            System.out.printf("%s (%s): fp32 %d bytes, fp16 %d bytes (%.3f); float32 weights %d bytes, of which the fp16 file saves %.3f;"
                            + " largest activation on the probe %.4g; max |fp16 ORT - DJL| %.3g%n", fixture, a.describe(), fp32.bytes().length,
                    fp16.bytes().length, ratio, weights, saved, fp16.peak().magnitude(), fp16.maxAbsDiff());
            // these networks are small: what is not a float weight (the graph, shape arithmetic and padding,
            // metadata, and for SwinIR the int64 relative_position_index of every block, 32 KB each at window 8)
            // keeps its size, so the whole file shrinks to 0.56 (NAFNet, Restormer) or 0.74 (SwinIR); the
            // float weights must halve
            assertTrue(saved > 0.45 && saved <= 0.5, fixture + ": the fp16 file saves " + saved + " of the float32 weights' bytes");
            RestorationTask t = task(task).create(ComponentSpec.of(task));
            Config psnr = t.defaultMetrics().getConfig("psnr");
            List<Sample> val = t.validationSets(ConfigFactory.parseString("val { name = bundled, type = SingleImageDataset, dataroot_gt = \""
                    + VAL.toAbsolutePath() + "\" }")).get(0).samples();
            byte[] rounded = OnnxActivations.roundedToFloat16(ModelProto.parseFrom(fp32.bytes())).toByteArray();
            try (NDManager m = net.manager().newSubManager(); OnnxRuntimeModel full = OnnxRuntimeModel.of(fp32.bytes(), 2);
                 OnnxRuntimeModel half = OnnxRuntimeModel.of(fp16.bytes(), 2); OnnxRuntimeModel storage = OnnxRuntimeModel.of(rounded, 2)) {
                assertTrue(half.float16());
                for (Sample s : val) {
                    measure(m, fixture, s.name(), s.lq(), s.gt(), psnr.getInt("crop_border"), psnr.getBoolean("test_y_channel"), full, half,
                            storage);
                }
            }
        }
    }

    /**
     * The VQGAN encoder's export renders its level-1 feature, not an image: no PSNR to the photographs
     * exists for it, so the float16 model's output on the photographs (GT, 240x160) is compared with the
     * float32 model's: finite, and within 3e-3 relative L2 (50 dB signal to error; measured 0.66e-3 to
     * 1.3e-3), for the float16 model and for every activation rounded to float16. Weights: PyTorch's
     * default initialisation, seed 1 (no trained encoder is committed: vq-cpu's encoder and codebook
     * alone are 321,552 parameters, 1.3 MB in float32).
     */
    @ParameterizedTest
    @ValueSource(strings = {"vq-tiny", "vq-cpu"})
    void float16VqganLevelOneFeatureIsFiniteAndCloseToFloat32OnThePhotographs(String preset) throws Exception {
        ComponentSpec spec = spec(preset);
        try (Network net = Network.create("export", factory(spec.type()).create(spec), Device.cpu(), 1, false, 16)) {
            OnnxExport.Checked fp32 = OnnxExport.checked(net, spec, "", OnnxExport.DEFAULT_OPSET, false);
            OnnxExport.Checked fp16 = OnnxExport.checked(net, spec, "", OnnxExport.DEFAULT_OPSET, true);
            double ratio = (double) fp16.bytes().length / fp32.bytes().length;
            System.out.printf("%s level 1: fp32 %d bytes, fp16 %d bytes (%.3f); largest activation on the probe %.4g; max |fp16 ORT - DJL| %.3g%n",
                    preset, fp32.bytes().length, fp16.bytes().length, ratio, fp16.peak().magnitude(), fp16.maxAbsDiff());
            assertTrue(ratio > 0.45 && ratio < 0.55, preset + ": fp16/fp32 size " + ratio);
            byte[] rounded = OnnxActivations.roundedToFloat16(ModelProto.parseFrom(fp32.bytes())).toByteArray();
            try (NDManager m = net.manager().newSubManager(); OnnxRuntimeModel full = OnnxRuntimeModel.of(fp32.bytes(), 2);
                 OnnxRuntimeModel half = OnnxRuntimeModel.of(fp16.bytes(), 2); OnnxRuntimeModel storage = OnnxRuntimeModel.of(rounded, 2)) {
                for (String name : List.of("coffee", "motorcycle_right")) {
                    RgbImage gt = ImageFiles.read(VAL.resolve(name + ".png"));
                    NDArray x = m.create(gt.chw(), new Shape(1, 3, gt.height(), gt.width()));
                    float[] a = full.forward(x).toFloatArray();
                    double[] h = relativeError(a, half.forward(x).toFloatArray(), preset + " " + name + " fp16");
                    double[] r = relativeError(a, storage.forward(x).toFloatArray(), preset + " " + name + " float16 activations");
                    System.out.printf("%s %s: level-1 feature (%d values, largest %.4g): fp16 relative L2 %.3g, max abs %.3g;"
                            + " every activation float16 relative L2 %.3g, max abs %.3g%n", preset, name, a.length, h[2], h[0], h[1], r[0], r[1]);
                    assertTrue(h[0] <= 3e-3 && r[0] <= 3e-3, preset + " " + name + ": relative L2 " + h[0] + ", " + r[0]);
                }
            }
        }
    }

    /** ||b - a|| / ||a||, max |b - a| and max |a|; every value of {@code b} must be finite. */
    private static double[] relativeError(float[] a, float[] b, String what) {
        double diff = 0, norm = 0, maxAbs = 0, peak = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(Float.isFinite(b[i]), what + ": output " + b[i] + " at " + i);
            double d = (double) b[i] - a[i];
            diff += d * d;
            norm += (double) a[i] * a[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
            peak = Math.max(peak, Math.abs(a[i]));
        }
        return new double[] {Math.sqrt(diff / norm), maxAbs, peak};
    }

    private static long float32InitializerBytes(ModelProto model) {
        long bytes = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                bytes += t.getRawData().size() + 4L * t.getFloatDataCount();
            }
        }
        return bytes;
    }

    private static void measure(NDManager m, String preset, String name, OnnxRuntimeModel full, OnnxRuntimeModel half,
                                OnnxRuntimeModel storage) throws Exception {
        RgbImage gt = ImageFiles.read(VAL.resolve(name + ".png"));
        RgbImage lr = MatlabResize.imresize(gt, 0.25).quantized();
        measure(m, preset, name, lr, gt, 4, true, full, half, storage);
    }

    private static void measure(NDManager m, String preset, String name, RgbImage lq, RgbImage gt, int border, boolean y,
                                OnnxRuntimeModel full, OnnxRuntimeModel half, OnnxRuntimeModel storage) {
        NDArray x = m.create(lq.chw(), new Shape(1, 3, lq.height(), lq.width()));
        float[] a = full.forward(x).toFloatArray();
        float[] h = half.forward(x).toFloatArray();
        float[] r = storage.forward(x).toFloatArray();
        double sum = 0;
        for (int i = 0; i < h.length; i++) {
            assertTrue(Float.isFinite(h[i]), preset + " " + name + ": fp16 output " + h[i] + " at " + i);
            sum += (double) (h[i] - a[i]) * (h[i] - a[i]);
        }
        double agreement = 10 * Math.log10(1 / (sum / h.length));
        double psnr32 = psnr(gt, a, border, y);
        double psnr16 = psnr(gt, h, border, y);
        double psnrRounded = psnr(gt, r, border, y);
        double psnrLq = lq.width() == gt.width() ? psnr(gt, lq.chw(), border, y) : Double.NaN;
        System.out.printf("%s %s: PSNR%s fp32 %.4f dB, fp16 %.4f dB (delta %+.4f), every activation float16 %.4f dB (delta %+.4f);"
                + " fp16 vs fp32 %.1f dB%s%n", preset, name, y ? "-Y" : " (RGB)", psnr32, psnr16, psnr16 - psnr32, psnrRounded,
                psnrRounded - psnr32, agreement, Double.isNaN(psnrLq) ? "" : String.format("; LQ %.4f dB", psnrLq));
        assertTrue(Math.abs(psnr16 - psnr32) <= 0.1, preset + " " + name + ": " + psnr16 + " dB against " + psnr32 + " dB");
        assertTrue(Math.abs(psnrRounded - psnr32) <= 0.1, preset + " " + name + ", float16 activations: " + psnrRounded + " dB against "
                + psnr32 + " dB");
        assertTrue(agreement >= 45, preset + " " + name + ": fp16 vs fp32 output " + agreement + " dB");
    }

    private static double psnr(RgbImage gt, float[] out, int border, boolean y) {
        return Psnr.compute(new RgbImage(gt.width(), gt.height(), out).toUint8(), gt.toUint8(), gt.width(), gt.height(), border, y);
    }

    private static ComponentSpec spec(String preset) {
        if (preset.equals("fsrcnn")) {
            return ComponentSpec.of("FSRCNN", ConfigFactory.parseString("upscale = 4"));
        }
        return Presets.fromReference(OnnxFloat16AccuracyTest.class.getClassLoader()).resolve(ComponentSpec.of(preset));
    }

    private static BackboneFactory factory(String type) {
        return switch (type) {
            case "EDSR" -> new EDSRFactory();
            case "RCAN" -> new RCANFactory();
            case "FSRCNN" -> new FsrcnnFactory();
            case "NAFNet" -> new NAFNetFactory();
            case "Restormer" -> new RestormerFactory();
            case "SwinIR" -> new SwinIRFactory();
            case "VQGAN" -> new VqganFactory();
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Task task(String type) {
        return switch (type) {
            case "sr" -> new SrTask();
            case "deblur" -> new DeblurTask();
            case "denoise" -> new DenoiseTask();
            default -> throw new IllegalArgumentException(type);
        };
    }
}
