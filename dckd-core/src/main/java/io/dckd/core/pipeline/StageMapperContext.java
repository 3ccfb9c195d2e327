package io.dckd.core.pipeline;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.data.BatchSource;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.RestorationTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the pipeline offers a distribution mapper: the registries, the device, {@code codebook/} and the run's training patches. */
record StageMapperContext(PipelineRun p, RestorationTask task) implements DistributionMapper.MapperContext {

    /** The {@code network_vq} section as a component spec. */
    static ComponentSpec spec(Config root) {
        Config section = root.getConfig("network_vq");
        return new ComponentSpec(section.getString("type"), section, "network_vq");
    }

    @Override
    public Backbone buildBackbone(ComponentSpec spec) {
        return p.components().buildBackbone(spec);
    }

    @Override
    public Device device() {
        return p.device();
    }

    @Override
    public WeightsLoader weights() {
        return p.weights();
    }

    @Override
    public Path stageDirectory() {
        try {
            return Files.createDirectories(p.run().root().resolve("codebook"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BatchSource trainingImages(int patchSize, int batchSize, long seed) {
        Config train = p.root().getConfig("datasets.train")
                .withValue("gt_size", ConfigValueFactory.fromAnyRef(patchSize))
                .withValue("batch_size_per_gpu", ConfigValueFactory.fromAnyRef(batchSize));
        return task.trainingBatches(train, seed);
    }

    @Override
    public long seed() {
        return p.root().getLong("manual_seed");
    }

    @Override
    public void log(String message) {
        p.log().info("codebook: %s", message);
    }
}
