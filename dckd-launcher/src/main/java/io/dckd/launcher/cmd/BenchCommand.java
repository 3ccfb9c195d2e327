package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.bench.BenchSettings;
import io.dckd.core.bench.PeakRss;
import io.dckd.core.bench.RestoreBench;
import io.dckd.core.bench.StepBench;
import io.dckd.core.io.Json;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.onnx.OrtThreads;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dckd bench}: times training steps on synthetic data, with a per-component breakdown and memory figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time training steps (scratch, logits, dckd) on synthetic batches, or tiled inference (restore) of a preset"
                + " or of a model.onnx in DJL and ONNX Runtime: median/min/max ms, breakdown, RSS.")
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = "--mode", defaultValue = "dckd", description = "scratch | logits | dckd (training steps), restore (tiled inference of --student,"
            + " or of --weights, on a random --patch LR image, 256 when --patch is not given) (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--student", description = "student preset (default rcan-s)")
    String student;

    @Option(names = "--weights", description = "restore: time this model.onnx (dckd export, or any image model with --scale) in ONNX Runtime instead"
            + " of a preset, and the architecture its dckd metadata names in DJL next to it (random weights, timing only)")
    Path weights;

    @Option(names = "--teacher", defaultValue = "rcan-t", description = "teacher preset (default ${DEFAULT-VALUE})")
    String teacher;

    @Option(names = "--encoder", defaultValue = "vq-tiny", description = "encoder preset of the distribution mapper (default ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--batch", defaultValue = "4", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = {"--patch", "--size"}, description = "LR patch side (default 32; restore: the side of the LR image, 256)")
    Integer patch;

    @Option(names = "--tile", defaultValue = "0", description = "restore: tile side in LR pixels, 0 = whole image (default ${DEFAULT-VALUE})")
    int tile;

    @Option(names = "--tile-overlap", defaultValue = "16", description = "restore: tile overlap (default ${DEFAULT-VALUE})")
    int tileOverlap;

    @Option(names = "--scale", description = "scale (default 4; with --weights: the model's dckd metadata, --scale only for a model without it)")
    Integer scale;

    @Option(names = "--negatives", defaultValue = "4", description = "degraded negatives per sample, clean one added (default ${DEFAULT-VALUE})")
    int negatives;

    @Option(names = "--threads", defaultValue = "2", description = "intra-op threads of libtorch and, in restore mode, of ONNX Runtime"
            + " (with 1 inter-op thread); 0 = all cores (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--steps", defaultValue = "20", description = "timed steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu | gpu | gpu:N (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "run-config override over the bench's config, repeatable"
            + " (e.g. precision.frozen=bf16: teacher, history model and encoder targets in bf16)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--json", description = "also write the report to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!List.of("scratch", "logits", "dckd", "restore").contains(mode)) {
            throw new Dckd.UsageException("--mode must be scratch, logits, dckd or restore, not '" + mode + "'");
        }
        if (mode.equals("restore") && !sets.isEmpty()) {
            throw new Dckd.UsageException("--set applies to the training-step modes (scratch, logits, dckd), not to restore");
        }
        if (weights != null) {
            requireOnnxWeights();
        }
        try (DckdApp a = app.start()) {
            Engines.configureThreads(threads);
            Device d = device.equals("cpu") ? Device.cpu() : Device.gpu(device.contains(":") ? Integer.parseInt(device.substring(4)) : 0);
            Map<String, Object> report;
            String preset = student == null ? "rcan-s" : student;
            int s = scale == null ? 4 : scale;
            Consumer<String> progress = line -> System.err.println("bench " + line);
            if (mode.equals("restore")) {
                // both runtimes on the thread count libtorch took (all cores for --threads 0)
                int used = Engines.intraOpThreads();
                RestoreBench bench = new RestoreBench(a.components(), d, used, OrtThreads.of(used));
                var w = new RestoreBench.Workload(patch == null ? 256 : patch, tile, tileOverlap, warmup, steps, seed);
                report = weights != null ? onnxFile(bench, w, progress) : bench.run(preset, s, w, progress);
            } else {
                StepBench bench = new StepBench(a.components(), d, threads);
                report = bench.run(new BenchSettings(mode, preset, teacher, encoder, batch, patch == null ? 32 : patch, s,
                        negatives, warmup, steps, seed, sets), method(a), progress);
            }
            report.put("omp_wait", Engines.ompWait());
            String text = Json.line(report);
            System.out.println(text);
            if (json != null) {
                Files.writeString(json, text);
            }
        }
        return 0;
    }

    private void requireOnnxWeights() {
        if (!mode.equals("restore")) {
            throw new Dckd.UsageException("--weights applies to --mode restore, not to " + mode);
        }
        if (!ExportedModel.isOnnx(weights)) {
            throw new Dckd.UsageException("--weights must name an ONNX model (*.onnx, e.g. from dckd export --format onnx), not " + weights);
        }
        if (student != null) {
            throw new Dckd.UsageException("give --student or --weights, not both: an ONNX model carries its network");
        }
        if (!device.equals("cpu")) {
            throw new Dckd.UsageException("--weights runs in ONNX Runtime on the CPU: leave --device out or give cpu, not " + device);
        }
    }

    /**
     * {@code --weights model.onnx}: opened as {@code dckd restore} opens it ({@link ExportedModel}: the same
     * errors, exit 2), timed in ONNX Runtime, and its recorded architecture with random weights in DJL.
     */
    private Map<String, Object> onnxFile(RestoreBench bench, RestoreBench.Workload w, Consumer<String> progress) {
        PeakRss sinceOpen = PeakRss.start();
        try (ExportedModel exported = ExportedModel.open(weights, scale, "--scale", "--scale", bench.ortThreads())) {
            Optional<StoredArchitecture> arch = exported.recordedArchitecture("--scale");
            return bench.run(exported.model(), sinceOpen, weights.toString(), arch.map(x -> x.spec("--weights")).orElse(null),
                    "the model's metadata names no dckd architecture (" + ExportedModel.ARCHITECTURE + ", " + ExportedModel.OPTIONS
                            + "), so there is no DJL network to time",
                    w, progress);
        }
    }

    /** The objective of {@code --mode}: the installation's method file {@code configs/methods/<mode>.conf}, as {@code dckd compare} uses it. */
    private Config method(DckdApp a) {
        Path file = a.home().resolve("configs/methods").resolve(mode + ".conf");
        if (!Files.isRegularFile(file)) {
            throw new Dckd.UsageException("no method file " + file + " for --mode " + mode
                    + "; --home (or DCKD_HOME) must be a dckd installation with configs/methods/");
        }
        return ConfigFactory.parseFile(file.toFile());
    }

}
