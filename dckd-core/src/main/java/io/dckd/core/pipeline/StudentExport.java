package io.dckd.core.pipeline;

import io.dckd.core.config.ExportWeights;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.core.train.BestWeights;
import io.dckd.core.train.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The export stage's weights: the student's {@code net_g_best}, {@code net_g_ema} or {@code net_g}
 * as {@code export.weights} says, copied with its metadata plus {@code selected}, so the file says
 * which weights it holds and how they scored, and carries the architecture {@code restore} needs.
 */
final class StudentExport {

    private final Path models;
    private final RunLog log;

    /** @param models the student's {@code models/} folder */
    StudentExport(Path models, RunLog log) {
        this.models = models;
        this.log = log;
    }

    /** Writes the chosen weights to {@code target}; returns what was exported, for the log. */
    String write(ExportWeights choice, Path target) throws IOException {
        Path src = source(choice);
        SafeTensors.copy(src, target, WeightsMetadata.empty().with(WeightsMetadata.SELECTED, choice.label()));
        WeightsMetadata m = WeightsMetadata.read(target);
        return "export.weights = " + choice.label() + ": " + describe(m) + "; final EMA " + score(models.resolve("net_g_ema.safetensors"))
                + ", raw " + score(models.resolve("net_g.safetensors"));
    }

    private Path source(ExportWeights choice) {
        return switch (choice) {
            case EMA -> models.resolve("net_g_ema.safetensors");
            case RAW -> models.resolve("net_g.safetensors");
            case BEST -> {
                Path best = models.resolve(BestWeights.NAME + ".safetensors");
                if (Files.isRegularFile(best)) {
                    yield best;
                }
                // a run trained by a dckd that did not keep the best weights
                log.warn("no %s in %s; exporting the final EMA weights", best.getFileName(), models);
                yield models.resolve("net_g_ema.safetensors");
            }
        };
    }

    /** "raw weights of iteration 100, psnr 24.1600 on val". */
    static String describe(WeightsMetadata m) {
        return m.get(WeightsMetadata.WEIGHTS).orElse("?") + " weights of iteration " + m.get(WeightsMetadata.ITERATION).orElse("?")
                + m.get(WeightsMetadata.SCORE).map(s -> ", " + m.get(WeightsMetadata.METRIC).orElse("score") + " " + s
                        + m.get(WeightsMetadata.VAL_SET).map(v -> " on " + v).orElse("")).orElse("");
    }

    private static String score(Path file) throws IOException {
        WeightsMetadata m = WeightsMetadata.read(file);
        Optional<String> s = m.get(WeightsMetadata.SCORE);
        return s.map(v -> m.get(WeightsMetadata.METRIC).orElse("score") + " " + v).orElse("not measured");
    }
}
