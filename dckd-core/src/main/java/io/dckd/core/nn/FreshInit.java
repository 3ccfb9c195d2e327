package io.dckd.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * Fresh weights as PyTorch would create them: {@link TorchDefaultInit} for convolutions and
 * normalisations, then every parameter whose state-dict name does not end in {@code weight} or
 * {@code bias} (NAFNet's layer scales {@code beta}/{@code gamma} = 0, Restormer's
 * {@code temperature} = 1), and every parameter of type {@link Parameter.Type#OTHER} (taming's
 * codebook, U(−1/n, 1/n)), is reset with its own DJL initializer, because
 * {@link TorchDefaultInit} treats any parameter of rank ≥ 2 as a convolution weight.
 */
public final class FreshInit {

    private FreshInit() {}

    /** Re-initialises an initialised block from {@code seed}. */
    public static void apply(Block block, long seed) {
        TorchDefaultInit.apply(block, seed);
        // the parameters' own DJL initialisers draw from the engine's generator: seed it so that a
        // seed gives the same weights every time
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        for (Map.Entry<String, Parameter> e : TorchNames.parameters(block).entrySet()) {
            String key = e.getKey();
            Parameter p = e.getValue();
            if ((key.endsWith("weight") || key.endsWith("bias")) && p.getType() != Parameter.Type.OTHER) {
                continue;
            }
            NDArray a = p.getArray();
            try (NDArray fresh = p.getInitializer().initialize(a.getManager(), a.getShape(), a.getDataType())) {
                Overwrite.with(a, fresh);
            }
        }
    }
}
