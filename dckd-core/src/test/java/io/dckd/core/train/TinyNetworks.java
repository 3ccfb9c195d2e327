package io.dckd.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.List;

/** One 3x3 convolution as a x1 "restoration network", and simple loss terms, for step and loop tests without the backbone module. */
public final class TinyNetworks {

    private TinyNetworks() {}

    /** A 3→3 channel 3x3 convolution (scale 1). */
    public static Backbone conv() {
        Block b = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(3).build();
        return new Backbone() {
            public String type() {
                return "tiny";
            }

            public Block block() {
                return b;
            }

            public int scale() {
                return 1;
            }
        };
    }

    /** A tiny network. */
    public static Network network(String role, long seed, boolean trainable) {
        return Network.create(role, conv(), Device.cpu(), seed, trainable, 8);
    }

    /** mean |pred − target| under {@code name}; NaN at iteration {@code nanAt}. */
    public static WeightedTerm l1(String name, StepInput pred, StepInput target, long nanAt) {
        return new WeightedTerm() {
            public String name() {
                return name;
            }

            public double weight() {
                return 1.0;
            }

            public List<StepInput> inputs() {
                return List.of(pred, target);
            }

            public NDArray compute(StepContext t) {
                NDArray d = t.tensor(pred).sub(t.tensor(target)).abs().mean();
                return t.iteration() == nanAt ? d.mul(Float.NaN) : d;
            }
        };
    }
}
