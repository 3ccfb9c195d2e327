package io.dckd.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxRendererTest {

    private static Conv2d conv(int filters, int k, int stride, int groups) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2)).optGroups(groups).build();
    }

    private static Block convolutions(NDManager m) {
        // a strided, a depthwise (groups = channels) and a 1×1 convolution
        Block net = new SequentialBlock().add(conv(8, 3, 2, 1)).add(conv(8, 5, 1, 8)).add(conv(3, 1, 1, 1));
        net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        return net;
    }

    @Test
    void convolutionsUnderOnnxRuntimeEqualTheDjlForward() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            Block net = convolutions(m);
            byte[] model = OnnxRenderer.render(net, "convs", 17, 3).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 1)) {
                for (Shape s : List.of(new Shape(2, 3, 17, 23), new Shape(1, 3, 32, 20))) {
                    double diff = OnnxParity.maxAbsDiff(net, ort, m.randomUniform(0, 1, s));
                    assertTrue(diff <= 1e-5, s + ": max abs diff " + diff);
                }
            }
        }
    }

    @Test
    void initializersAreNamedByStateDictKeysAndMetadataIsKept() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelProto model = OnnxRenderer.render(convolutions(m), "convs", 17, 3).model("test", Map.of("scale", "1"));
            List<String> names = model.getGraph().getInitializerList().stream().map(TensorProto::getName).toList();
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"), names);
            assertEquals(List.of("scale=1"), model.getMetadataPropsList().stream()
                    .map((StringStringEntryProto e) -> e.getKey() + "=" + e.getValue()).toList());
            assertEquals(17, model.getOpsetImport(0).getVersion());
        }
    }

    @Test
    void aBlockTheRendererDoesNotKnowIsAnErrorNamingItsClassAndPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = new SequentialBlock().add(conv(4, 3, 1, 1)).add(new SequentialBlock().add(Activation.reluBlock()));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxRenderer.render(net, "bad", 17, 3));
            assertTrue(e.getMessage().contains("ai.djl.nn.LambdaBlock"), e.getMessage());
            assertTrue(e.getMessage().contains("SequentialBlock/1/0"), e.getMessage());
        }
    }

    @Test
    void opsetsOutsideTheRenderedRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OnnxGraph("g", OnnxGraph.MIN_OPSET - 1));
        assertThrows(IllegalArgumentException.class, () -> new OnnxGraph("g", OnnxGraph.MAX_OPSET + 1));
    }
}
