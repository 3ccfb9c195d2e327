package io.dckd.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The float16 pitfall: activations beyond 65504 become infinities and then NaN. The float32
 * rendering's activations are measured on the probe batch and a float16 export that would overflow
 * is refused, naming the value; the same network exports as float32.
 */
class OnnxOverflowTest {

    @Test
    void thePeakIsTheLargestFloatValueAndShapesAreNotCounted() {
        OnnxGraph g = new OnnxGraph("scale", 17);
        String x = g.input(OnnxRenderer.INPUT, 3);
        String once = g.op("Mul", x, g.constant(300f));
        String twice = g.op("Mul", once, g.constant(300f));
        g.output(g.op("Reshape", g.op("Mul", twice, g.constant(1e-3f)), g.op("Shape", x)), OnnxRenderer.OUTPUT, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            OnnxActivations.Peak peak = OnnxActivations.peak(g.model("test", Map.of()), m.full(new Shape(1, 3, 5, 4), 0.9f));
            assertEquals(twice, peak.value());
            assertEquals(0.9 * 300 * 300, peak.magnitude(), 1);
        }
    }

    @Test
    void aFloat16ExportThatWouldOverflowIsRefusedAndFloat32IsKept() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = new SequentialBlock().add(conv(8)).add(conv(3));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            // weights and biases 40 on [0,1] inputs: about 1e3 after the first convolution, 2e6 after the second
            for (Pair<String, Parameter> p : net.getParameters()) {
                p.getValue().getArray().set(m.full(p.getValue().getArray().getShape(), 40f).toFloatArray());
            }
            ComponentSpec spec = ComponentSpec.of("convs");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OnnxExport.checked(net, spec, 1, 17, true, m));
            assertTrue(e.getMessage().contains("beyond float16's largest value 65504") && e.getMessage().contains("e+06"), e.getMessage());
            OnnxExport.Checked fp32 = OnnxExport.checked(net, spec, 1, 17, false, m);
            assertTrue(fp32.peak().magnitude() > 65504, fp32.peak().toString());
            assertTrue(fp32.maxAbsDiff() / fp32.peak().magnitude() < 1e-6, fp32.toString());
        }
    }

    @Test
    void aNetworkWithinRangeExportsAsFloat16() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            Block net = new SequentialBlock().add(conv(8)).add(conv(3));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            OnnxExport.Checked fp16 = OnnxExport.checked(net, ComponentSpec.of("convs"), 1, 17, true, m);
            assertTrue(fp16.peak().magnitude() < 100, fp16.peak().toString());
            assertTrue(fp16.maxAbsDiff() < 1e-2, "max |fp16 ORT - DJL| " + fp16.maxAbsDiff());
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(fp16.bytes(), 1)) {
                assertTrue(ort.float16());
                assertEquals("fp16", ort.metadata().get(OnnxFloat16.PRECISION));
                assertEquals(List.of("convs", "1"), List.of(ort.metadata().get("dckd.architecture"), ort.metadata().get("dckd.scale")));
            }
        }
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
    }
}
