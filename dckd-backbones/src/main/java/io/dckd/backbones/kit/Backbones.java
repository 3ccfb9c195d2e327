package io.dckd.backbones.kit;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.registry.Presets;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;

/** Creates and initialises backbones in one call (tests, benchmarks, the pipeline). */
public final class Backbones {

    private Backbones() {}

    /** As {@link #build(BackboneFactory, ComponentSpec, NDManager, int, int, long)} with seed 0. */
    public static Backbone build(BackboneFactory factory, ComponentSpec spec, NDManager manager, int lqH, int lqW) {
        return build(factory, spec, manager, lqH, lqW, 0L);
    }

    /**
     * Resolves a preset, creates the backbone, initialises its block in {@code manager} for a
     * 1×3×lqH×lqW float32 input, then sets PyTorch's default weights
     * and the architecture's own initialisation ({@link Backbone#initializeWeights}), from {@code seed}.
     */
    public static Backbone build(BackboneFactory factory, ComponentSpec spec, NDManager manager, int lqH, int lqW, long seed) {
        Backbone backbone = factory.create(Presets.fromReference(Backbones.class.getClassLoader()).resolve(spec));
        backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, lqH, lqW));
        backbone.initializeWeights(seed);
        return backbone;
    }
}
