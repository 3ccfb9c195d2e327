/** dckd core: the SPIs, config binding, registries and the training pipeline. */
module io.dckd.core {
    requires transitive ai.djl.api;
    requires transitive typesafe.config;
    requires com.fasterxml.jackson.databind;
    requires transitive org.pf4j;
    requires transitive com.google.guice;
    requires transitive micrometer.core;
    requires micrometer.registry.jmx;
    requires org.slf4j;
    requires transitive java.desktop;
    requires java.management;
    requires org.knowm.xchart;
    requires me.tongfei.progressbar;

    exports io.dckd.core.spi;
    exports io.dckd.core.data;
    exports io.dckd.core.image;
    exports io.dckd.core.nn;
    exports io.dckd.core.io;
    exports io.dckd.core.config;
    exports io.dckd.core.registry;
    exports io.dckd.core.train;
    exports io.dckd.core.infer;
    exports io.dckd.core.distill;
    exports io.dckd.core.pipeline;
    exports io.dckd.core.bench;

    opens io.dckd.core.registry to com.google.guice;
    opens io.dckd.core.train to com.google.guice;
    opens io.dckd.core.pipeline to com.google.guice;

    uses io.dckd.core.spi.BackboneFactory;
    uses io.dckd.core.spi.Task;
    uses io.dckd.core.spi.Metric;
    uses io.dckd.core.spi.LossTerm;
    uses io.dckd.core.spi.NegativeSampler;
    uses io.dckd.core.spi.DistributionMapper;
}
