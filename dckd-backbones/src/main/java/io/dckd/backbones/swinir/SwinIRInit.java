package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.dckd.core.nn.Overwrite;
import io.dckd.core.nn.TorchNames;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SwinIR's {@code _init_weights} on top of PyTorch's defaults: Linear weights, the relative
 * position bias tables and {@code absolute_pos_embed} ~ trunc_normal(0, 0.02) truncated at ±2
 * (BasicSR {@code trunc_normal_}), Linear biases 0, LayerNorm 1/0; convolutions keep torch's
 * default initialisation.
 */
final class SwinIRInit {

    private SwinIRInit() {}

    static void apply(Block block, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5F1A2B3C4D5E6F70L);
        Map<String, Parameter> params = TorchNames.parameters(block);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String key = e.getKey();
            NDArray a = e.getValue().getArray();
            int rank = a.getShape().dimension();
            boolean linearWeight = key.endsWith(".weight") && rank == 2;
            boolean table = key.endsWith("relative_position_bias_table") || key.equals("absolute_pos_embed");
            if (linearWeight || table) {
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    double g;
                    do {
                        g = rng.nextGaussian() * 0.02;
                    } while (g < -2 || g > 2);
                    v[i] = (float) g;
                }
                Overwrite.with(a, v);
            } else if (key.endsWith(".bias")) {
                Parameter w = params.get(key.substring(0, key.length() - "bias".length()) + "weight");
                if (w != null && w.getArray().getShape().dimension() == 2) {
                    Overwrite.with(a, new float[(int) a.size()]);
                }
            }
        }
    }
}
