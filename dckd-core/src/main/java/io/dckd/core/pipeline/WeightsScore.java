package io.dckd.core.pipeline;

import ai.djl.ndarray.NDArray;
import com.google.inject.Inject;
import io.dckd.core.train.ArchitectureMatch;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Scores a weights file of the run's {@code network_t} or {@code network_g} on the validation sets (teacher check, evaluation). */
final class WeightsScore {

    private final PipelineRun p;

    @Inject
    WeightsScore(PipelineRun run) {
        this.p = run;
    }

    /** The weights {@code w} (under {@code key} in a PyTorch checkpoint) in the network at {@code path}, validated by {@code v}. */
    Reports.Row measure(Validator v, String path, Path w, String key) throws IOException {
        int scale = p.task().scale();
        try (Network net = Network.create("eval", TrainingSetup.backbone(p.root(), path, p.components(), scale), p.device(), 0, false, 32)) {
            requireArchitecture(w, path, net);
            try (var m = net.manager().newSubManager()) {
                Map<String, NDArray> dict = p.weights().read(m, w, key);
                net.load(dict, true, w.toString());
            }
            return new Reports.Row(net.parameterCount(), v.evaluate(net));
        }
    }

    /** A weights file whose dckd metadata records another network or scale than {@code path} builds is a config error. */
    private void requireArchitecture(Path w, String path, Network net) {
        String key = "path.pretrain_" + path;
        ArchitectureMatch.require(w, TrainingSetup.networkSpec(p.root(), path), net.backbone().scale(), p.components(),
                p.root().hasPath(key) ? p.root().getValue(key).origin() : null, path + " (with scale " + net.backbone().scale() + ")",
                "set " + path + " and scale to match the weights");
    }
}
