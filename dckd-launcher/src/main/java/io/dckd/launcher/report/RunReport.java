package io.dckd.launcher.report;

import io.dckd.core.io.SafeTensors;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.Trainer;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The end of a run: exported weights and the summary table. */
public final class RunReport {

    private RunReport() {}

    /** Writes {@code models/net_g_ema.safetensors} and {@code models/net_g.safetensors} with official key names. */
    public static void exportWeights(RunDirectory run, Trainer.Parts parts) throws IOException {
        Path models = run.root().resolve("models");
        Files.createDirectories(models);
        SafeTensors.write(parts.ema().stateDict(), models.resolve("net_g_ema.safetensors"));
        SafeTensors.write(parts.student().stateDict(), models.resolve("net_g.safetensors"));
    }

    /** The closing table: per validation set, baseline vs EMA vs raw weights. */
    public static String summary(Trainer.Outcome o, long params) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Validation after %d iterations (%.0f s, median step %.1f ms, student %,d parameters)%n",
                o.iterations(), o.secondsTotal(), o.medianStepMs(), params));
        sb.append(String.format(Locale.ROOT, "| %-18s | %-14s | %8s | %8s |%n", "set", "model", "PSNR", "SSIM"));
        sb.append("|--------------------|----------------|----------|----------|\n");
        for (String set : o.ema().keySet()) {
            row(sb, set, "baseline", o.baseline().get(set));
            row(sb, set, "student (EMA)", o.ema().get(set));
            if (o.raw().containsKey(set)) {
                row(sb, set, "student (raw)", o.raw().get(set));
            }
            double gain = best(o, set) - o.baseline().get(set).mean().getOrDefault("psnr", Double.NaN);
            sb.append(String.format(Locale.ROOT, "%s: best student PSNR is %+.2f dB over the baseline%n", set, gain));
        }
        return sb.toString();
    }

    private static double best(Trainer.Outcome o, String set) {
        double e = o.ema().get(set).mean().getOrDefault("psnr", Double.NaN);
        double r = o.raw().containsKey(set) ? o.raw().get(set).mean().getOrDefault("psnr", Double.NaN) : Double.NEGATIVE_INFINITY;
        return Math.max(e, r);
    }

    private static void row(StringBuilder sb, String set, String model, Validator.SetResult r) {
        Map<String, Double> m = r.mean();
        sb.append(String.format(Locale.ROOT, "| %-18s | %-14s | %8.4f | %8.4f |%n", set, model,
                m.getOrDefault("psnr", Double.NaN), m.getOrDefault("ssim", Double.NaN)));
    }

    /** True if {@code dir} is missing or has no entries. */
    public static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
