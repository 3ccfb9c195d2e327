package io.dckd.core.pipeline;

import com.google.inject.Inject;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Stage {@code codebook}: the encoder behind {@code network_vq}, loaded or pretrained here (DCKD's distribution mapping module). */
final class CodebookStage extends RunStage {

    @Inject
    CodebookStage(PipelineRun run) {
        super("codebook", run);
    }

    @Override
    public Optional<String> run() {
        ComponentSpec spec = StageMapperContext.spec(p.root());
        Optional<Path> w = p.components().distributionMappers().get(spec).prepare(spec, new StageMapperContext(p, p.task()));
        p.markers().finish(name(), Map.of("weights", w.map(Path::toString).orElse("")));
        return Optional.empty();
    }
}
