package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.edsr.EDSRFactory;
import io.dckd.backbones.rcan.RCANFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.StateDict;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.dckd.core.onnx.OnnxActivations;
import io.dckd.core.onnx.OnnxExport;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.registry.Presets;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.plugins.fsrcnn.FsrcnnFactory;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.tasks.metrics.Psnr;
import io.dckd.tasks.resize.MatlabResize;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
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
 * the two exports is what counts.
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

    private static void measure(NDManager m, String preset, String name, OnnxRuntimeModel full, OnnxRuntimeModel half,
                                OnnxRuntimeModel storage) throws Exception {
        RgbImage gt = ImageFiles.read(VAL.resolve(name + ".png"));
        RgbImage lr = MatlabResize.imresize(gt, 0.25).quantized();
        NDArray x = m.create(lr.chw(), new Shape(1, 3, lr.height(), lr.width()));
        float[] a = full.forward(x).toFloatArray();
        float[] h = half.forward(x).toFloatArray();
        float[] r = storage.forward(x).toFloatArray();
        double sum = 0;
        for (int i = 0; i < h.length; i++) {
            assertTrue(Float.isFinite(h[i]), preset + " " + name + ": fp16 output " + h[i] + " at " + i);
            sum += (double) (h[i] - a[i]) * (h[i] - a[i]);
        }
        double agreement = 10 * Math.log10(1 / (sum / h.length));
        double psnr32 = psnr(gt, a);
        double psnr16 = psnr(gt, h);
        double psnrRounded = psnr(gt, r);
        System.out.printf("%s %s: PSNR-Y fp32 %.4f dB, fp16 %.4f dB (delta %+.4f), every activation float16 %.4f dB (delta %+.4f);"
                + " fp16 vs fp32 %.1f dB%n", preset, name, psnr32, psnr16, psnr16 - psnr32, psnrRounded, psnrRounded - psnr32, agreement);
        assertTrue(Math.abs(psnr16 - psnr32) <= 0.1, preset + " " + name + ": " + psnr16 + " dB against " + psnr32 + " dB");
        assertTrue(Math.abs(psnrRounded - psnr32) <= 0.1, preset + " " + name + ", float16 activations: " + psnrRounded + " dB against "
                + psnr32 + " dB");
        assertTrue(agreement >= 45, preset + " " + name + ": fp16 vs fp32 output " + agreement + " dB");
    }

    private static double psnr(RgbImage gt, float[] sr) {
        RgbImage out = new RgbImage(gt.width(), gt.height(), sr);
        return Psnr.compute(out.toUint8(), gt.toUint8(), gt.width(), gt.height(), 4, true);
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
            default -> throw new IllegalArgumentException(type);
        };
    }
}
