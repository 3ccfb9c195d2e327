package io.dckd.launcher.report;

import io.dckd.core.pipeline.StageMarker;
import io.dckd.core.train.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training iteration a weights file was saved at, read from where dckd put it: a checkpoint
 * folder {@code iter_NNNNNNNN/}, a stage's {@code models/} next to its {@code metrics.jsonl} (the last
 * training record), or a run's {@code export/} (the {@code distill} or {@code train} stage marker).
 * Weights from elsewhere have no known iteration.
 */
public final class WeightsIteration {

    private static final Pattern CHECKPOINT = Pattern.compile("iter_0*(\\d+)");

    private WeightsIteration() {}

    /** E.g. {@code "600 (checkpoint)"}, {@code "600 (last training record of .../metrics.jsonl)"}, or {@code "unknown ..."}. */
    public static String describe(Path weights) {
        Path parent = weights.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            return unknown();
        }
        Matcher m = CHECKPOINT.matcher(parent.getFileName().toString());
        if (m.matches()) {
            return m.group(1) + " (checkpoint " + parent.getFileName() + ")";
        }
        Path stage = parent.getParent();
        if (stage != null && parent.getFileName().toString().equals("models")) {
            Path metrics = stage.resolve("metrics.jsonl");
            Optional<Long> last = lastTrainingIteration(metrics);
            if (last.isPresent()) {
                return last.get() + " (last training record of " + metrics + ")";
            }
        }
        if (stage != null && parent.getFileName().toString().equals("export")) {
            StageMarker markers = new StageMarker(stage);
            for (String s : List.of("distill", "train")) {
                Optional<Object> it = markers.done(s).map(d -> d.get("iterations"));
                if (it.isPresent() && it.get() instanceof Number n) {
                    return n.longValue() + " (stage " + s + " of " + stage + ")";
                }
            }
        }
        return unknown();
    }

    private static String unknown() {
        return "unknown (the weights are not in a dckd run's models/, export/ or checkpoint folder)";
    }

    private static Optional<Long> lastTrainingIteration(Path metrics) {
        if (!Files.isRegularFile(metrics)) {
            return Optional.empty();
        }
        try {
            Long last = null;
            for (Map<String, Object> r : MetricsLog.read(metrics)) {
                if ("train".equals(r.get("kind")) && r.get("iter") instanceof Number n) {
                    last = n.longValue();
                }
            }
            return Optional.ofNullable(last);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
