package io.dckd.core.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.ExportWeights;
import io.dckd.core.distill.DistillationExtension;
import io.dckd.core.distill.Upcycling;
import io.dckd.core.distill.HistoryModel;
import io.dckd.core.distill.LcrSettings;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.StepContext;
import io.dckd.core.train.BestWeights;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.ReferenceScores;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLog;
import io.dckd.core.train.RunMeters;
import io.dckd.core.train.Trainer;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stages of {@code dckd train}: without a teacher, one supervised {@code train} stage; with
 * {@code network_t}, {@code teacher} (load or train it), {@code codebook} (load or pretrain the
 * encoder behind {@code network_vq}), {@code distill}, {@code evaluate} (student vs teacher vs
 * baseline) and {@code export}. A finished stage leaves a marker and is skipped on re-run; an
 * interrupted training stage resumes from its last checkpoint.
 */
public final class Pipeline {

    private final Config root;
    private final Components components;
    private final Device device;
    private final WeightsLoader weights;
    private final RunDirectory run;
    private final RunLog log;
    private final StageMarker markers;
    private final boolean resume;
    private String lastSummary = "";

    /** A training stage's final table, in its directory (what a re-run of a finished supervised run prints). */
    public static final String SUMMARY = "summary.md";

    public Pipeline(Config root, Components components, Device device, WeightsLoader weights, RunDirectory run, RunLog log, boolean resume) {
        this.root = root;
        this.components = components;
        this.device = device;
        this.weights = weights;
        this.run = run;
        this.log = log;
        this.markers = new StageMarker(run.root());
        this.resume = resume;
    }

    /** The stages this config runs, in order. */
    public List<String> stages() {
        return stagesOf(root);
    }

    /** The stages {@code root} runs, in order. */
    public static List<String> stagesOf(Config root) {
        if (root.hasPath("stages")) {
            return root.getStringList("stages");
        }
        if (!root.hasPath("network_t")) {
            return List.of("train", "export");
        }
        List<String> s = new ArrayList<>(List.of("teacher"));
        if (root.hasPath("network_vq")) {
            s.add("codebook");
        }
        s.addAll(List.of("distill", "evaluate", "export"));
        return s;
    }

    /**
     * Runs every stage not yet finished; returns the final report (Markdown). Once a stage has run,
     * every later one runs again (a distill stage continued further needs a new evaluation and export).
     * Before the stages after the teacher run, it must beat the baseline ({@link TeacherCheck}).
     */
    public String run() throws IOException {
        String report = "";
        boolean ranEarlier = false;
        boolean teacherChecked = false;
        List<String> stages = stages();
        for (String stage : stages) {
            if (!ranEarlier && finished(stage)) {
                log.info("stage %s: done earlier, skipped", stage);
                continue;
            }
            if (!teacherChecked && (stage.equals("codebook") || stage.equals("distill")) && stages.contains("teacher") && stages.contains("distill")) {
                checkTeacher();
                teacherChecked = true;
            }
            ranEarlier = true;
            log.info("stage %s", stage);
            switch (stage) {
                case "train" -> {
                    trainStage("train", root, run, List.of());
                    report = lastSummary;
                }
                case "teacher" -> teacherStage();
                case "codebook" -> codebookStage();
                case "distill" -> distillStage();
                case "evaluate" -> report = evaluateStage();
                case "export" -> exportStage();
                default -> throw new ConfigProblem(root.getValue("stages").origin(),
                        "unknown stage '" + stage + "'; stages: train, teacher, codebook, distill, evaluate, export");
            }
        }
        return report;
    }

    /** True when every stage of {@code root} finished earlier in the run directory {@code dir}. */
    public static boolean finishedEarlier(Config root, Path dir) {
        Pipeline p = new Pipeline(root, null, null, null, new RunDirectory(dir), null, false);
        return p.stages().stream().allMatch(p::finished);
    }

    /**
     * True if {@code stage} finished earlier with what the config asks now (a training stage whose
     * {@code total_iter} was raised is not finished: it resumes from its last checkpoint).
     */
    private boolean finished(String stage) {
        Optional<Map<String, Object>> m = markers.done(stage);
        if (m.isEmpty()) {
            return false;
        }
        Object it = m.get().get("iterations");
        long want = switch (stage) {
            case "train", "distill" -> root.getLong("train.total_iter");
            case "teacher" -> TeacherTraining.trains(root) ? TeacherTraining.section(root).getLong("total_iter") : 0;
            default -> 0;
        };
        return !(it instanceof Number n) || n.longValue() >= want;
    }

    // ---------------------------------------------------------------- teacher

    private void teacherStage() throws IOException {
        Map<String, Object> marker = new LinkedHashMap<>();
        if (root.hasPath("path.pretrain_network_t")) {
            log.info("teacher: weights from %s", root.getString("path.pretrain_network_t"));
            marker.putAll(Map.of("weights", root.getString("path.pretrain_network_t"), "trained", false));
        } else if (!root.hasPath("train_teacher")) {
            throw new ConfigProblem(root.getValue("network_t").origin(),
                    "network_t needs either path.pretrain_network_t (weights) or a train_teacher section (train it first)");
        } else {
            Config teacherTrain = TeacherTraining.section(root);
            Config teacherRoot = root.withValue("network_g", root.getValue("network_t"))
                    .withValue("train", teacherTrain.root())
                    .withValue("name", ConfigValueFactory.fromAnyRef("teacher"));
            RunDirectory dir = run.stage("teacher");
            Trainer.Outcome o = trainStage("teacher", teacherRoot, dir, List.of());
            Path w = dir.root().resolve("models/net_g_ema.safetensors");
            if (teacherTrain.hasPath("export_weights") && teacherTrain.getString("export_weights").equals("raw")) {
                w = dir.root().resolve("models/net_g.safetensors");
            }
            marker.putAll(Map.of("weights", w.toString(), "trained", true, "iterations", o.iterations(), "seconds", o.secondsTotal()));
        }
        marker.putAll(measureTeacher(Path.of(marker.get("weights").toString())));
        markers.finish("teacher", marker);
    }

    /** The teacher's and the baseline's PSNR (or first metric) on every validation set, for {@link TeacherCheck}. */
    private Map<String, Object> measureTeacher(Path w) throws IOException {
        RestorationTask task = TrainingSetup.task(root, components);
        Validator v = new Validator(task, task.validationSets(root.getConfig("datasets")), TrainingSetup.metrics(root, task, components));
        Map<String, Object> scores = TeacherCheck.markerEntries(measure(v, "network_t", task, w, root.getString("path.param_key_t")).sets(),
                v.baseline());
        log.info("teacher validated: %s", scores);
        return scores;
    }

    /** Stops before distillation when the teacher is not better than the baseline (see {@link TeacherCheck}). */
    private void checkTeacher() throws IOException {
        Map<String, Object> marker = markers.done("teacher").orElseThrow(() -> new IllegalStateException("the teacher stage has not run"));
        List<TeacherCheck.Score> scores = TeacherCheck.scores(marker);
        if (scores.isEmpty()) {
            // a marker written before teachers were validated
            scores = TeacherCheck.scores(measureTeacher(teacherWeights()));
        }
        int scale = root.getInt("scale");
        log.info("%s", TeacherCheck.require(scores, root, scale == 1 ? "the degraded input" : "bicubic"));
    }

    private Path teacherWeights() {
        return Path.of((String) markers.done("teacher").orElseThrow(() -> new IllegalStateException("the teacher stage has not run")).get("weights"));
    }

    // ---------------------------------------------------------------- codebook

    private ComponentSpec mapperSpec() {
        Config section = root.getConfig("network_vq");
        return new ComponentSpec(section.getString("type"), section, "network_vq");
    }

    private DistributionMapper.MapperContext mapperContext(RestorationTask task) {
        Path dir = run.root().resolve("codebook");
        return new DistributionMapper.MapperContext() {
            @Override
            public Backbone buildBackbone(ComponentSpec spec) {
                return components.buildBackbone(spec);
            }

            @Override
            public Device device() {
                return device;
            }

            @Override
            public WeightsLoader weights() {
                return weights;
            }

            @Override
            public Path stageDirectory() {
                try {
                    return Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public io.dckd.core.data.BatchSource trainingImages(int patchSize, int batchSize, long seed) {
                Config train = root.getConfig("datasets.train")
                        .withValue("gt_size", ConfigValueFactory.fromAnyRef(patchSize))
                        .withValue("batch_size_per_gpu", ConfigValueFactory.fromAnyRef(batchSize));
                return task.trainingBatches(train, seed);
            }

            @Override
            public long seed() {
                return root.getLong("manual_seed");
            }

            @Override
            public void log(String message) {
                log.info("codebook: %s", message);
            }
        };
    }

    private void codebookStage() {
        RestorationTask task = TrainingSetup.task(root, components);
        ComponentSpec spec = mapperSpec();
        Optional<Path> w = components.distributionMappers().get(spec).prepare(spec, mapperContext(task));
        markers.finish("codebook", Map.of("weights", w.map(Path::toString).orElse("")));
    }

    // ---------------------------------------------------------------- distill

    private void distillStage() throws IOException {
        RestorationTask task = TrainingSetup.task(root, components);
        Objective objective = Objective.fromTrain(root.getConfig("train"), "train", components.losses());
        Set<String> needed = objective.inputs();
        objective.requireInputs(DistillInputs.available(root));
        long seed = root.getLong("manual_seed");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Network teacher = null;
            boolean upcycled = needed.stream().anyMatch(n -> n.startsWith("zoom_"));
            if (needed.contains(StepContext.TEACHER) || needed.contains(StepContext.TEACHER_LCR) || needed.contains(StepContext.ENCODED_TEACHER)
                    || needed.contains(StepContext.TEACHER_FEATS) || upcycled) {
                teacher = Network.create("teacher", TrainingSetup.backbone(root, "network_t", components, task.scale()), device, seed, false, 32);
                resources.add(teacher);
                try (var m = teacher.manager().newSubManager()) {
                    Path tw = teacherWeights();
                    requireArchitecture(tw, "network_t", teacher);
                    teacher.load(weights.read(m, tw, root.getString("path.param_key_t")), true, tw.toString());
                }
                log.info("teacher [%s]: %,d parameters, from %s", teacher.backbone().type(), teacher.parameterCount(), teacherWeights());
                Network t = teacher; // the teacher's validation PSNR: a reference line in distill/plots/curves.png
                ReferenceScores.ensure(run.stage("distill").root(), "teacher", () -> new Validator(task,
                        task.validationSets(root.getConfig("datasets")), TrainingSetup.metrics(root, task, components)).evaluate(t));
                if (needed.contains(StepContext.TEACHER_FEATS) && teacher.backbone().featureTaps().isEmpty()) {
                    throw new ConfigProblem(root.getValue("network_t").origin(), "a loss term reads teacher_feats but network_t ["
                            + teacher.backbone().type() + "] declares no feature taps; turn them on (e.g. feature_taps = true for RCAN)");
                }
            }
            HistoryModel history = null;
            NegativeSampler.Sampler sampler = null;
            if (needed.contains(StepContext.NEGATIVES) || needed.contains(StepContext.ENCODED_NEGATIVES)) {
                Network h = Network.create("history", TrainingSetup.backbone(root, "network_g", components, task.scale()), device, seed, false, 32);
                resources.add(h);
                history = HistoryModel.from(root.getConfig("train.history"), h);
                Config ns = root.getConfig("train.negative_sampler");
                ComponentSpec nspec = new ComponentSpec(ns.getString("type"), ns, "train.negative_sampler");
                sampler = components.negativeSamplers().get(nspec).create(nspec);
                log.info("negatives: %d per sample (clean lq + %d degraded), history refresh every %s iterations (decay %s)",
                        sampler.count(), sampler.count() - 1, root.getLongList("train.history.step"), root.getDouble("train.history.update_decay"));
            }
            DistributionMapper.Mapping mapping = null;
            boolean withDistribution = false;
            if (needed.stream().anyMatch(n -> n.startsWith("encoded_"))) {
                ComponentSpec mspec = mapperSpec();
                Object vq = markers.done("codebook").map(m -> m.get("weights")).orElse("");
                Optional<Path> w = vq.toString().isEmpty() ? Optional.empty() : Optional.of(Path.of(vq.toString()));
                mapping = components.distributionMappers().get(mspec).create(mspec, mapperContext(task), w);
                resources.add(mapping);
                withDistribution = objective.terms().stream().anyMatch(io.dckd.core.spi.WeightedTerm::needsDistribution);
                log.info("encoder: %,d parameters%s", mapping.parameterCount(), w.map(p -> ", weights " + p).orElse(""));
            }
            Optional<Double> lcr = LcrSettings.find(objective.terms()).map(LcrSettings::prob);
            Upcycling upcycling = upcycled ? Upcycling.from(root.getConfig("train.upcycle"), task.scale()) : null;
            if (upcycling != null) {
                log.info("DUKD upcycled data: %d zoom-in tile(s) per GT patch, zoom-out x1/%d", upcycling.nGtSub(), upcycling.scale());
            }
            DistillationExtension ext = new DistillationExtension(teacher, lcr, history, sampler, mapping, needed, withDistribution, seed,
                    upcycling);
            trainStage("distill", root, run.stage("distill"), List.of(ext));
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing native memory at the end of the stage
                }
            }
        }
    }

    // ---------------------------------------------------------------- shared training

    private Trainer.Outcome trainStage(String stage, Config stageRoot, RunDirectory dir, List<io.dckd.core.train.StepExtension> extensions) throws IOException {
        Files.writeString(dir.config(), io.dckd.core.config.RunConfig.render(stageRoot));
        try (RunLog stageLog = new RunLog(dir.log());
             RunMeters meters = new RunMeters(stageRoot.getStringList("logger.meter_registries"), dir.meters());
             BestWeights best = TrainingSetup.bestWeights(stageRoot, components, dir, stageLog, device)) {
            List<io.dckd.core.train.StepExtension> all = new ArrayList<>(extensions);
            all.add(best);
            String role = stage.equals("teacher") ? "teacher" : "student";
            Trainer.Parts parts = TrainingSetup.parts(stageRoot, components, dir, stageLog, meters, all, device, weights, role);
            for (io.dckd.core.train.StepExtension e : extensions) {
                if (e instanceof DistillationExtension d) {
                    d.bind(parts.student(), parts.ema());
                }
            }
            Trainer trainer = new Trainer(parts);
            io.dckd.core.registry.PluginBlame plugins = new io.dckd.core.registry.PluginBlame(components);
            trainer.blame(t -> plugins.culprit(t).map(io.dckd.core.registry.Origin::shortForm));
            try {
                long start = trainer.resume();
                if (start == 0) {
                    for (io.dckd.core.train.StepExtension e : extensions) {
                        if (e instanceof DistillationExtension d) {
                            d.initialiseHistory();
                        }
                    }
                }
                Trainer.Outcome o = trainer.run(start);
                Path models = dir.root().resolve("models");
                Files.createDirectories(models);
                SafeTensors.write(parts.ema().stateDict(), models.resolve("net_g_ema.safetensors"), best.metadata("ema", o.iterations(), o.ema()));
                SafeTensors.write(parts.student().stateDict(), models.resolve("net_g.safetensors"), best.metadata("raw", o.iterations(), o.raw()));
                String table = Reports.trainingSummary(o, parts.student().parameterCount(), role);
                lastSummary = table;
                Files.writeString(dir.root().resolve(SUMMARY), table);
                stageLog.fileOnly("%n%s", table);
                log.info("stage %s finished:%n%s", stage, table);
                markers.finish(stage, Map.of("iterations", o.iterations(), "seconds", o.secondsTotal(), "median_step_ms", o.medianStepMs()));
                return o;
            } finally {
                trainer.closeLogs();
                parts.data().close();
                parts.student().close();
                parts.ema().close();
            }
        }
    }

    // ---------------------------------------------------------------- evaluate and export

    private String evaluateStage() throws IOException {
        long t0 = System.nanoTime();
        RestorationTask task = TrainingSetup.task(root, components);
        Validator v = new Validator(task, task.validationSets(root.getConfig("datasets")), TrainingSetup.metrics(root, task, components));
        Map<String, Reports.Row> rows = new LinkedHashMap<>();
        Map<String, Validator.SetResult> base = v.baseline();
        rows.put(Reports.baselineName(task.scale()), new Reports.Row(0, base));
        if (root.hasPath("network_t") && markers.done("teacher").isPresent()) {
            rows.put("teacher", measure(v, "network_t", task, teacherWeights(), "params_ema"));
        }
        String studentStage = root.hasPath("network_t") ? "distill" : "train";
        Path sdir = root.hasPath("network_t") ? run.root().resolve("distill/models") : run.root().resolve("models");
        rows.put("student (EMA)", measure(v, "network_g", task, sdir.resolve("net_g_ema.safetensors"), "params_ema"));
        rows.put("student (raw)", measure(v, "network_g", task, sdir.resolve("net_g.safetensors"), "params"));
        Map<String, Path> measured = new LinkedHashMap<>();
        if (rows.containsKey("teacher")) {
            measured.put("teacher", teacherWeights());
        }
        measured.put("student (EMA)", sdir.resolve("net_g_ema.safetensors"));
        measured.put("student (raw)", sdir.resolve("net_g.safetensors"));
        RunFacts facts = RunFacts.of(root).stages(markers, stages()).weights(measured).wallTime("evaluation", (System.nanoTime() - t0) / 1e9);
        String md = facts.markdown() + Reports.comparison(rows);
        Files.writeString(run.root().resolve("report.md"), md);
        Files.writeString(run.root().resolve("report.json"), Reports.comparisonJson(rows, facts));
        markers.finish("evaluate", Map.of("report", run.root().resolve("report.md").toString(), "student_stage", studentStage));
        return md;
    }

    /** A weights file whose dckd metadata records another network or scale than {@code path} builds is a config error. */
    private void requireArchitecture(Path w, String path, Network net) {
        String key = "path.pretrain_" + path;
        io.dckd.core.train.ArchitectureMatch.require(w, TrainingSetup.networkSpec(root, path), net.backbone().scale(), components,
                root.hasPath(key) ? root.getValue(key).origin() : null, path + " (with scale " + net.backbone().scale() + ")",
                "set " + path + " and scale to match the weights");
    }

    private Reports.Row measure(Validator v, String path, RestorationTask task, Path w, String key) throws IOException {
        try (Network net = Network.create("eval", TrainingSetup.backbone(root, path, components, task.scale()), device, 0, false, 32)) {
            requireArchitecture(w, path, net);
            try (var m = net.manager().newSubManager()) {
                Map<String, NDArray> dict = weights.read(m, w, key);
                net.load(dict, true, w.toString());
            }
            return new Reports.Row(net.parameterCount(), v.evaluate(net));
        }
    }

    private void exportStage() throws IOException {
        Path out = run.root().resolve("export");
        Files.createDirectories(out);
        Path models = root.hasPath("network_t") ? run.root().resolve("distill/models") : run.root().resolve("models");
        if (!root.hasPath("network_t") && !Files.exists(models.resolve("net_g_ema.safetensors"))) {
            models = run.root().resolve("train/models");
        }
        String what = new StudentExport(models, log).write(ExportWeights.of(root), out.resolve("student.safetensors"));
        Files.writeString(out.resolve("config.conf"), io.dckd.core.config.RunConfig.render(root));
        markers.finish("export", Map.of("weights", out.resolve("student.safetensors").toString()));
        log.info("exported the student (%s; official key names, architecture in its metadata) to %s", what, out.resolve("student.safetensors"));
    }

    /** An empty config, for callers that build stage roots. */
    static Config empty() {
        return ConfigFactory.empty();
    }
}
