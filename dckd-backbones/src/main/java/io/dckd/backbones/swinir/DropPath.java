package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.Scalars;
import java.util.Arrays;

/**
 * Stochastic depth per sample ({@code drop_path} in {@code swinir_arch.py}, from timm): in
 * training, {@code x / keep · floor(keep + U[0,1))} with one draw per sample (keep = 1 − p); the
 * identity in evaluation or when p = 0.
 */
final class DropPath {

    private DropPath() {}

    static NDArray apply(NDArray x, float p, boolean training) {
        if (p == 0f || !training) {
            return x;
        }
        float keep = 1f - p;
        long[] shape = new long[x.getShape().dimension()];
        Arrays.fill(shape, 1L);
        shape[0] = x.getShape().get(0);
        // drawn in fp32 and cast like x: DJL cannot name bf16 (a bf16 student), so it must not be asked for it
        NDArray random = Casts.like(x.getManager().randomUniform(0f, 1f, new Shape(shape), DataType.FLOAT32).add(keep).floor(), x);
        return Scalars.div(x, keep).mul(random);
    }
}
