package io.dckd.backbones.kit;

import ai.djl.nn.SequentialBlock;

/**
 * BasicSR's {@code Upsample} ({@code basicsr/archs/arch_util.py}, also in {@code swinir_arch.py}):
 * for scale 2^n, n × [conv3×3 F→4F, PixelShuffle(2)]; for scale 3, conv3×3 F→9F, PixelShuffle(3);
 * scale 1 gives an empty sequence (identity), as in BasicSR. State-dict keys {@code upsample.0},
 * {@code upsample.2}, ...
 */
public final class Upsample {

    private Upsample() {}

    /** True for the scales BasicSR's {@code Upsample} accepts: 2^n (n ≥ 0) and 3. */
    public static boolean supports(int scale) {
        return scale >= 1 && ((scale & (scale - 1)) == 0 || scale == 3);
    }

    /** The upsampler for {@code scale} on {@code numFeat} channels. */
    public static SequentialBlock of(int scale, int numFeat) {
        if (!supports(scale)) {
            throw new IllegalArgumentException("scale " + scale + " is not supported. Supported scales: 2^n and 3.");
        }
        SequentialBlock m = new SequentialBlock();
        if ((scale & (scale - 1)) == 0) {
            for (int i = 0; i < Integer.numberOfTrailingZeros(scale); i++) {
                m.add(Layers.conv(4 * numFeat, 3));
                m.add(PixelShuffle.shuffle(2));
            }
        } else {
            m.add(Layers.conv(9 * numFeat, 3));
            m.add(PixelShuffle.shuffle(3));
        }
        return m;
    }

    /**
     * SwinIR's {@code UpsampleOneStep} (lightweight SR): conv3×3 F→s²·out then PixelShuffle(s).
     */
    public static SequentialBlock oneStep(int scale, int numOutCh) {
        return new SequentialBlock().add(Layers.conv(scale * scale * numOutCh, 3)).add(PixelShuffle.shuffle(scale));
    }
}
