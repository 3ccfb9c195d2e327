package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation, so a network built here starts like the official one:
 * Conv/Linear weights ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with a=√5) and their biases
 * ~ U(−1/√fan_in, 1/√fan_in); normalisation weights 1, biases 0. Values come from a Java
 * {@link SplittableRandom}, so a seed gives the same weights on every machine and thread count.
 */
public final class TorchDefaultInit {

    private TorchDefaultInit() {}

    /** Re-initialises every parameter of an initialised block from {@code seed}. */
    public static void apply(Block block, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Parameter> params = TorchNames.parameters(block);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (e.getValue().getType() == Parameter.Type.OTHER) {
                continue; // architecture-specific (PReLU slopes, layer scales): the block's own initialiser
            }
            NDArray a = e.getValue().getArray();
            long[] shape = a.getShape().getShape();
            String key = e.getKey();
            float[] values = new float[(int) a.size()];
            if (!key.endsWith("weight") && !key.endsWith("bias")) {
                continue; // layer scales, temperatures, ...: the block's own initialiser
            }
            if (shape.length >= 2 && key.endsWith("weight")) {
                fillUniform(values, bound(shape), rng);
            } else if (key.endsWith("bias")) {
                String weightKey = key.substring(0, key.length() - "bias".length()) + "weight";
                Parameter w = params.get(weightKey);
                if (w != null && w.getArray().getShape().dimension() >= 2) {
                    fillUniform(values, bound(w.getArray().getShape().getShape()), rng);
                }
                // else: normalisation bias, zeros
            } else if (key.endsWith("weight")) {
                Arrays.fill(values, 1f); // normalisation scale
            } else {
                continue; // architecture-specific parameters keep the block's own initialiser
            }
            Overwrite.with(a, values);
        }
    }

    private static double bound(long[] shape) {
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        return 1.0 / Math.sqrt(fanIn);
    }

    private static void fillUniform(float[] values, double bound, SplittableRandom rng) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
    }
}
