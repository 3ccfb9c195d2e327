package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class OverwriteTest {

    @Test
    void copiesTheValuesIntoTheArraysOwnMemory() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dst = m.zeros(new Shape(2, 3));
            dst.setRequiresGradient(true); // a parameter, outside a gradient recording
            NDArray src = m.arange(6f).reshape(2, 3);
            Overwrite.with(dst, src);
            src.addi(100); // no aliasing: dst holds a copy
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, dst.toFloatArray());
        }
    }

    @Test
    void convertsTheSourceType() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dst = m.zeros(new Shape(3));
            Overwrite.with(dst, m.create(new double[] {0.5, -1, 2}));
            assertEquals(DataType.FLOAT32, dst.getDataType());
            assertArrayEquals(new float[] {0.5f, -1f, 2f}, dst.toFloatArray());
        }
    }

    @Test
    void fromAJavaArray() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dst = m.ones(new Shape(2, 2));
            float[] values = {1, 2, 3, 4};
            Overwrite.with(dst, values);
            values[0] = 9;
            assertArrayEquals(new float[] {1, 2, 3, 4}, dst.toFloatArray());
        }
    }
}
