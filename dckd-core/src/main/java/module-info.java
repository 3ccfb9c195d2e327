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
    // ONNX export: the ONNX protobuf messages; ONNX Runtime runs exported models
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;
    requires com.microsoft.onnxruntime;

    // The plugin API: what a component, built in or a PF4J plugin, may use. The SPIs and the typed
    // step context (spi), layers, fused ops, initialisation and the optimiser (nn), batches (data),
    // images (image), weights and JSON files (io), component options and config errors (config),
    // ONNX rendering of blocks (onnx).
    exports io.dckd.core.spi;
    exports io.dckd.core.nn;
    exports io.dckd.core.data;
    exports io.dckd.core.image;
    exports io.dckd.core.io;
    exports io.dckd.core.config;
    // ONNX export: a block renders its forward as ONNX nodes (OnnxRenderable), plugins' blocks too
    exports io.dckd.core.onnx;

    // The application: for dckd's own modules only (a plugin cannot reach these on the module path;
    // the backbone and loss modules' tests use the trainer and tiled inference).
    exports io.dckd.core.registry to io.dckd.backbones, io.dckd.tasks, io.dckd.launcher;
    exports io.dckd.core.train to io.dckd.losses, io.dckd.backbones, io.dckd.launcher;
    exports io.dckd.core.distill to io.dckd.losses, io.dckd.launcher;
    exports io.dckd.core.pipeline to io.dckd.launcher;
    exports io.dckd.core.bench to io.dckd.launcher;
    exports io.dckd.core.parallel to io.dckd.launcher;
    exports io.dckd.core.infer to io.dckd.backbones, io.dckd.launcher;

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
