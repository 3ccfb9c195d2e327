package io.dckd.backbones.common;

import ai.djl.nn.Block;
import io.dckd.core.spi.Backbone;
import java.util.List;

/**
 * A backbone whose forward returns declared feature taps after the image (for feature-distillation
 * terms such as FAKD): everything else is the wrapped backbone's.
 *
 * @param inner the backbone (its block already returns the taps)
 * @param featureTaps names of the extra outputs, in order
 */
public record TappedBackbone(Backbone inner, List<String> featureTaps) implements Backbone {

    public TappedBackbone {
        featureTaps = List.copyOf(featureTaps);
    }

    @Override
    public String type() {
        return inner.type();
    }

    @Override
    public Block block() {
        return inner.block();
    }

    @Override
    public int scale() {
        return inner.scale();
    }

    @Override
    public int sizeMultiple() {
        return inner.sizeMultiple();
    }

    @Override
    public void initializeWeights(long seed) {
        inner.initializeWeights(seed);
    }

    @Override
    public List<String> featureTaps() {
        return featureTaps;
    }
}
