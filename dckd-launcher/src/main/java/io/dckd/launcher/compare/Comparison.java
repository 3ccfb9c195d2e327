package io.dckd.launcher.compare;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.google.inject.Injector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.RunConfig;
import io.dckd.core.io.FileTrees;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.pipeline.Pipeline;
import io.dckd.core.pipeline.PipelineRun;
import io.dckd.core.pipeline.Reports;
import io.dckd.core.pipeline.StageMarker;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.StepInput;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLog;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dckd compare}: trains several methods (method files over one base config) with the same
 * teacher, codebook, data, schedule and budget, N seeds each, and measures them all.
 *
 * <p>Layout of {@code <experiments_root>/<name>-compare/}: the shared {@code teacher/} and
 * {@code codebook/} stages (run once, markers in {@code stages/}); {@code methods/<id>/seed<k>/}, one
 * pipeline run per method and seed (seed = {@code manual_seed + k}; it reads the shared teacher and codebook,
 * so it runs {@code distill}, then {@code export}, which writes the student with its metadata to
 * {@code export/student.safetensors}); then the reports of {@link ComparisonReport}.
 * A method run that finished has {@code stages/compare.done} (its raw, EMA and exported validation means) and is
 * skipped on re-run; an unfinished one is started afresh, or continued from its last checkpoint with
 * {@code resume}.
 */
public final class Comparison {

    /** Options of one comparison. */
    public record Settings(List<String> methods, int seeds, boolean resume, int crops, int cropSize) {}

    /** A method's scores per seed and its run directories. */
    public record MethodResult(MethodFiles.Method method, List<Scores> seeds, List<Path> runs) {}

    /**
     * Everything the reports need; {@code baseline} holds the task's baseline (bicubic for SR) under
     * weights {@code -}, as the teacher's.
     */
    public record Outcome(Path dir, String teacherLabel, Scores teacher, List<MethodResult> methods, List<String> sets,
                          Config baseRoot, String baselineLabel, Scores baseline) {}

    private final Injector injector;
    private final Components components;
    private final Config reference;
    private final Path home;
    private final Device device;
    private final WeightsLoader weights;
    private final RunLog log;

    public Comparison(Injector injector, Components components, Config reference, Path home, Device device, WeightsLoader weights, RunLog log) {
        this.injector = injector;
        this.components = components;
        this.reference = reference;
        this.home = home;
        this.device = device;
        this.weights = weights;
        this.log = log;
    }

    /** The folder a comparison of {@code baseRoot} writes to. */
    public static Path directory(Config baseRoot) {
        return Path.of(baseRoot.getString("path.experiments_root")).resolve(baseRoot.getString("name") + "-compare");
    }

    /** Runs (or completes) the comparison of {@code baseUser} (the parsed base config) with {@code overrides}. */
    public Outcome run(Config baseUser, List<String> overrides, Settings s) throws IOException {
        Config baseRoot = RunConfig.load(baseUser, overrides, reference);
        if (!baseRoot.hasPath("network_t")) {
            throw new ConfigProblem(baseRoot.origin(), "dckd compare needs a teacher in the base config: network_t and either"
                    + " path.pretrain_network_t or train_teacher");
        }
        Path dir = directory(baseRoot);
        RunDirectory shared = RunDirectory.open(dir.getParent(), dir.getFileName().toString());
        StageMarker markers = new StageMarker(dir);
        long seed0 = baseRoot.getLong("manual_seed");

        List<MethodFiles.Method> methods = MethodFiles.distinct(s.methods().stream().map(n -> MethodFiles.load(n, home)).toList());
        List<String> dropped = MethodFiles.baseTerms(baseUser);
        if (!dropped.isEmpty()) {
            log.info("the methods replace the base config's loss terms %s: settings in them (a temperature, level weights)"
                    + " reach no method; a method file sets its own", String.join(", ", dropped));
        }
        Map<String, List<Config>> roots = new LinkedHashMap<>();
        Config vqRoot = null;
        for (MethodFiles.Method m : methods) {
            List<Config> perSeed = new ArrayList<>();
            for (int k = 0; k < s.seeds(); k++) {
                List<String> o = new ArrayList<>(overrides);
                o.add("manual_seed=" + (seed0 + k));
                perSeed.add(RunConfig.load(MethodFiles.apply(baseUser, m), o, reference));
            }
            Objective objective = Objective.fromTrain(perSeed.get(0).getConfig("train"), "train", components.losses());
            log.info("method %s (%s): %s", m.id(), m.label(), objective.render());
            // the shared codebook stage runs for the first method that uses a trained codebook
            // (a random_init method only needs one when it comes first and no other does)
            boolean encoded = objective.inputs().stream().anyMatch(StepInput::encoded);
            if (encoded && (vqRoot == null || randomEncoder(vqRoot) && !randomEncoder(perSeed.get(0)))) {
                vqRoot = perSeed.get(0);
            }
            roots.put(m.id(), perSeed);
        }

        // shared stages: one teacher (and one codebook) for every method and seed
        Pipeline.of(injector, run(baseRoot.withValue("stages", ConfigValueFactory.fromIterable(List.of("teacher"))), shared)).run();
        if (vqRoot != null) {
            Pipeline.of(injector, run(vqRoot.withValue("stages", ConfigValueFactory.fromIterable(List.of("codebook"))), shared)).run();
        }
        Path teacherWeights = Path.of((String) markers.done("teacher").orElseThrow().get("weights"));
        Scores teacher = markers.done("teacher_eval").map(Scores::fromFlat).orElse(null);
        if (teacher == null) {
            teacher = Scores.of("-", evaluate(baseRoot, "network_t", teacherWeights, "params_ema"), null);
            markers.finish("teacher_eval", teacher.flat());
        }

        List<MethodResult> results = new ArrayList<>();
        for (MethodFiles.Method m : methods) {
            List<Scores> seeds = new ArrayList<>();
            List<Path> runs = new ArrayList<>();
            for (int k = 0; k < s.seeds(); k++) {
                Path run = dir.resolve("methods").resolve(m.id()).resolve("seed" + k);
                runs.add(run);
                seeds.add(runMethod(m, k, roots.get(m.id()).get(k), run, dir, s.resume()));
            }
            results.add(new MethodResult(m, seeds, runs));
        }
        List<String> sets = new ArrayList<>(teacher.values().get("-").keySet());
        RestorationTask task = TrainingSetup.task(baseRoot, components);
        String baselineLabel = Reports.baselineName(task.scale());
        Scores baseline = Scores.of("-", validator(baseRoot, task).baseline(), null);
        return new Outcome(dir, "Teacher (" + baseRoot.getConfig("network_t").getString("type") + ")", teacher, results, sets, baseRoot,
                Character.toUpperCase(baselineLabel.charAt(0)) + baselineLabel.substring(1), baseline);
    }

    private static boolean randomEncoder(Config root) {
        return root.hasPath("network_vq.random_init") && root.getBoolean("network_vq.random_init");
    }

    private PipelineRun run(Config root, RunDirectory dir) {
        return PipelineRun.of(root, components, device, weights, dir, log);
    }

    private Scores runMethod(MethodFiles.Method m, int k, Config root, Path run, Path shared, boolean resume) throws IOException {
        StageMarker markers = new StageMarker(run);
        var done = markers.done("compare");
        if (done.isPresent()) {
            log.info("method %s seed %d: finished earlier, skipped", m.id(), k);
            return Scores.fromFlat(done.get());
        }
        if (Files.isDirectory(run) && !resume) {
            log.info("method %s seed %d: an unfinished run is started afresh (use --resume to continue it)", m.id(), k);
            FileTrees.delete(run);
        }
        log.info("method %s seed %d (manual_seed %d): %s", m.id(), k, root.getLong("manual_seed"), run);
        RunDirectory dir = RunDirectory.open(run.getParent(), run.getFileName().toString());
        Files.writeString(dir.config(), RunConfig.render(root));
        long t0 = System.nanoTime();
        // the teacher and the codebook are the comparison's shared ones
        Pipeline.of(injector, run(root.withValue("stages", ConfigValueFactory.fromIterable(List.of("distill", "export"))), dir)
                .upstreamFrom(shared)).run();
        Path models = run.resolve("distill/models");
        Scores scores = Scores.of("raw", evaluate(root, "network_g", models.resolve("net_g.safetensors"), "params"), null);
        Scores.of("ema", evaluate(root, "network_g", models.resolve("net_g_ema.safetensors"), "params_ema"), scores);
        Scores.of("best", evaluate(root, "network_g", dir.export().resolve("student.safetensors"), "params"), scores);
        Map<String, Object> marker = new LinkedHashMap<>(scores.flat());
        marker.put("seconds", (System.nanoTime() - t0) / 1e9);
        markers.finish("compare", marker);
        return scores;
    }

    /** Validation means of {@code path}'s network with weights {@code w}. */
    Map<String, Validator.SetResult> evaluate(Config root, String path, Path w, String key) throws IOException {
        RestorationTask task = TrainingSetup.task(root, components);
        Validator v = validator(root, task);
        try (Network net = load(root, path, w, key, task)) {
            return v.evaluate(net);
        }
    }

    private Validator validator(Config root, RestorationTask task) {
        return new Validator(task, task.validationSets(root.getConfig("datasets")), TrainingSetup.metrics(root, task, components));
    }

    /** A network of {@code path} with weights {@code w} (the caller closes it). */
    Network load(Config root, String path, Path w, String key, RestorationTask task) throws IOException {
        Network net = Network.create("eval", TrainingSetup.backbone(root, path, components, task.scale()), device, 0, false, 32);
        try (var m = net.manager().newSubManager()) {
            Map<String, NDArray> dict = weights.read(m, w, key);
            net.load(dict, true, w.toString());
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** The components (for reports that rebuild networks). */
    Components components() {
        return components;
    }
}
