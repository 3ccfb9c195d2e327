package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.Footprint;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.infer.OnnxGeometry;
import io.dckd.core.infer.OnnxImageModel;
import io.dckd.core.infer.TilePlan;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.nn.StateDict;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.spi.Backbone;
import io.dckd.core.train.ImageTensors;
import io.dckd.core.train.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An exported model as an {@link ImageModel} in ONNX Runtime ({@link OnnxImageModel}) through
 * {@link TiledRestorer}: the official rcan-s fixture weights reproduce the official output, whole
 * and in small tiles the DJL network's tiling gives the same pixels, and the graph-read tiling
 * geometry is the DJL block's.
 */
class OnnxTiledRestoreTest {

    private static final double TOLERANCE = 1e-4;
    private static final String FIXTURE = "rcan-s-x4-32x32";

    @Test
    void officialRcanSThroughOnnxRuntimeTilesReproducesTheOfficialOutput() {
        try (NDManager m = NDManager.newBaseManager(); Network net = official(m); OnnxImageModel onnx = exported(net)) {
            Map<String, NDArray> io = TestNets.fixture(m, FIXTURE + "/io.safetensors");
            RgbImage lq = ImageTensors.toImage(io.get("input"));
            RgbImage official = ImageTensors.toImage(io.get("output"));

            double whole = maxAbsDiff(new TiledRestorer(onnx, TilePlan.whole()).restore(lq), official);
            System.out.printf("%s: whole image, max |ORT - official| = %.3g%n", FIXTURE, whole);
            assertTrue(whole <= TOLERANCE, "whole image through ONNX Runtime is " + whole + " from the official output");

            // 12-pixel tiles on a 32-pixel image: 3x3 tiles; the tiled DJL output is the reference
            TilePlan small = TilePlan.explicit(12, 4, onnx.radius());
            RgbImage ortTiles = new TiledRestorer(onnx, small).restore(lq);
            RgbImage djlTiles = new TiledRestorer(net, small).restore(lq);
            double tiled = maxAbsDiff(ortTiles, djlTiles);
            System.out.printf("%s: %s, max |ORT - DJL| = %.3g%n", FIXTURE, small, tiled);
            assertTrue(tiled <= TOLERANCE, "tiled ONNX Runtime output is " + tiled + " from the tiled DJL output");
            assertTrue(maxAbsDiff(ortTiles, official) > 10 * TOLERANCE, "the tiles must change the output (global pooling) or they were not used");
        }
    }

    @Test
    void theGraphGivesTheDjlTilingGeometryAndAFootprintOfTheSameOrder() {
        try (NDManager m = NDManager.newBaseManager(); Network net = official(m); OnnxImageModel onnx = exported(net)) {
            assertEquals(net.scale(), onnx.scale());
            assertEquals(net.alignment(), onnx.alignment());
            assertEquals(net.radius(), onnx.radius());
            Footprint djl = net.footprint();
            Footprint graph = onnx.footprint();
            double ratio = graph.bytes(256, 256) / djl.bytes(256, 256);
            System.out.printf("rcan-s x4 footprint of a 256x256 forward: graph %.0f MiB, DJL measured %.0f MiB (ratio %.2f)%n",
                    graph.bytes(256, 256) / (1 << 20), djl.bytes(256, 256) / (1 << 20), ratio);
            assertTrue(ratio >= 0.5 && ratio <= 4, "graph footprint " + ratio + " times the measured DJL one");
        }
    }

    /** rcan-s ×4 with the official fixture weights. */
    private static Network official(NDManager m) {
        Backbone b = TestNets.factory("rcan-s").create(TestNets.PRESETS.resolve(TestNets.spec("rcan-s", "upscale = 4")));
        Network net = Network.create("official", b, Device.cpu(), 0, false, 16);
        StateDict.load(b.block(), TestNets.fixture(m, FIXTURE + "/weights.safetensors"), true, FIXTURE);
        return net;
    }

    private static OnnxImageModel exported(Network net) {
        byte[] model = OnnxRenderer.render(net.backbone().block(), "RCAN", 17, 3).model("test", Map.of()).toByteArray();
        return new OnnxImageModel(OnnxRuntimeModel.of(model, 2), OnnxGeometry.of(model), net.scale(), net.backbone().sizeMultiple());
    }

    private static double maxAbsDiff(RgbImage a, RgbImage b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        double max = 0;
        for (int i = 0; i < a.chw().length; i++) {
            max = Math.max(max, Math.abs(a.chw()[i] - b.chw()[i]));
        }
        return max;
    }
}
