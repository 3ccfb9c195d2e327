package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;
import org.junit.jupiter.api.Test;

class TorchNamesTest {

    @Test
    void sequentialChildrenAreIndexedAndLayerNormIsRenamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock seq = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                    .add(Activation.reluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).optBias(false).build());
            seq.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(TorchNames.parameters(seq).keySet()));
            assertEquals(4 * 3 * 9 + 4 + 2 * 4, TorchNames.count(seq));

            LayerNorm ln = LayerNorm.builder().axis(1).build();
            ln.initialize(m, DataType.FLOAT32, new Shape(2, 5));
            assertEquals(List.of("weight", "bias"), List.copyOf(TorchNames.parameters(ln).keySet()));
        }
    }
}
