package io.dckd.core.registry;

import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.Metric;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.Task;
import java.util.function.Function;

/** The extension points of dckd, each with its registry name and its components' name accessor. */
public enum Spi {
    BACKBONE("backbone", BackboneFactory.class, c -> ((BackboneFactory) c).type(), c -> ((BackboneFactory) c).description()),
    TASK("task", Task.class, c -> ((Task) c).type(), c -> ((Task) c).description()),
    METRIC("metric", Metric.class, c -> ((Metric) c).type(), c -> ((Metric) c).type()),
    LOSS("loss term", LossTerm.class, c -> ((LossTerm) c).type(), c -> ((LossTerm) c).description()),
    NEGATIVE_SAMPLER("negative sampler", NegativeSampler.class, c -> ((NegativeSampler) c).type(), c -> ((NegativeSampler) c).type()),
    DISTRIBUTION_MAPPER("distribution mapper", DistributionMapper.class, c -> ((DistributionMapper) c).type(), c -> ((DistributionMapper) c).type());

    private final String kind;
    private final Class<?> type;
    private final Function<Object, String> name;
    private final Function<Object, String> description;

    Spi(String kind, Class<?> type, Function<Object, String> name, Function<Object, String> description) {
        this.kind = kind;
        this.type = type;
        this.name = name;
        this.description = description;
    }

    /** Human name of the registry. */
    public String kind() {
        return kind;
    }

    /** The SPI interface. */
    public Class<?> type() {
        return type;
    }

    /** The component's {@code type()}. */
    public String nameOf(Object component) {
        return name.apply(component);
    }

    /** The component's one-line description. */
    public String describe(Object component) {
        return description.apply(component);
    }
}
