package io.dckd.backbones.kit;

import io.dckd.core.registry.Presets;
import io.dckd.core.spi.ComponentSpec;

/** Helpers shared by this module's {@link io.dckd.core.spi.BackboneFactory} implementations. */
public final class Factories {

    private Factories() {}

    /**
     * Expands a preset (the registry's {@link Presets}, from this module's reference presets, so a
     * factory also builds a spec that names one) and checks that the spec is for {@code type};
     * returns the validated options.
     */
    public static BackboneOptions options(String type, ComponentSpec spec) {
        ComponentSpec resolved = Presets.fromReference(Factories.class.getClassLoader()).resolve(spec);
        if (!resolved.type().equals(type)) {
            throw new IllegalArgumentException("the " + type + " factory cannot build type '" + spec.type()
                    + "' (" + resolved.type() + ") at " + spec.origin().description());
        }
        return BackboneOptions.of(type, resolved);
    }

    /** {@code upscale} as BasicSR's {@code Upsample} accepts it (2^n or 3). */
    public static int upscale(BackboneOptions o) {
        int s = o.getInt("upscale");
        if (!Upsample.supports(s)) {
            throw o.bad("upscale", "upscale " + s + " is not supported; supported: 1, 2, 4, 8, ... (2^n) and 3");
        }
        return s;
    }

    /** {@code rgb_mean} with one value per input channel. */
    public static float[] rgbMean(BackboneOptions o, int channels) {
        float[] mean = o.getFloatArray("rgb_mean");
        if (mean.length != channels) {
            throw o.bad("rgb_mean", "rgb_mean needs " + channels + " values (one per input channel), got " + mean.length);
        }
        return mean;
    }
}
