package io.dckd.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.config.Precision;
import io.dckd.core.config.RunConfig;
import io.dckd.core.data.BatchSource;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.Metric;
import io.dckd.core.spi.RestorationTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the parts of a training run (networks, task, data, objective, optimiser) from a run config. */
public final class TrainingSetup {

    /** The {@code train.optim_g.type}s {@link #optimizer} builds. */
    public static final List<String> OPTIMIZERS = List.of("Adam", "AdamW");

    /** The {@code train.scheduler.type}s {@link #scheduler} builds. */
    public static final List<String> SCHEDULERS = List.of("MultiStepLR");

    private TrainingSetup() {}

    /** The task of the run: {@code task} with {@code scale} filled from the root when absent. */
    public static RestorationTask task(Config root, Components components) {
        Config section = root.getConfig("task");
        if (!section.hasPath("scale")) {
            section = section.withValue("scale", root.getValue("scale"));
        }
        ComponentSpec spec = new ComponentSpec(section.getString("type"), section, "task");
        return components.tasks().get(spec).create(spec);
    }

    /** The network spec at {@code path} with {@code upscale} filled from the root scale (SR only). */
    public static ComponentSpec networkSpec(Config root, String path) {
        Config section = root.getConfig(path);
        int scale = root.getInt("scale");
        if (scale != 1 && !section.hasPath("upscale")) {
            section = section.withValue("upscale", ConfigValueFactory.fromAnyRef(scale, "scale"));
        }
        return new ComponentSpec(section.getString("type"), section, path);
    }

    /** Builds a network from {@code path} and checks its scale against the task's. */
    public static Backbone backbone(Config root, String path, Components components, int taskScale) {
        Backbone b = components.buildBackbone(networkSpec(root, path));
        if (b.scale() != taskScale) {
            throw new ConfigProblem(root.getValue(path).origin(), path + " builds a x" + b.scale()
                    + " network but the task is x" + taskScale + "; set " + path + ".upscale or scale");
        }
        return b;
    }

    /** The metrics of {@code val.metrics}, or the task's defaults when that is empty. */
    public static Map<String, Metric.ImageMetric> metrics(Config root, RestorationTask task, Components components) {
        Config section = metricsSection(root, task);
        Map<String, Metric.ImageMetric> out = new LinkedHashMap<>();
        for (String name : section.root().keySet()) {
            Config m = section.getConfig(name);
            ComponentSpec spec = new ComponentSpec(m.getString("type"), m, "val.metrics." + name);
            out.put(name, components.metrics().get(spec).create(spec));
        }
        return out;
    }

    private static Config metricsSection(Config root, RestorationTask task) {
        Config section = root.getConfig("val.metrics");
        return section.root().isEmpty() ? task.defaultMetrics() : section;
    }

    /**
     * The metric written first in {@code val.metrics} (or the task's defaults: psnr): a config object
     * forgets the order of its keys, their origins keep it.
     */
    public static String firstMetric(Config root, RestorationTask task) {
        Config section = metricsSection(root, task);
        return section.root().keySet().stream()
                .min(Comparator.comparingInt((String k) -> section.getValue(k).origin().lineNumber()).thenComparing(k -> k))
                .orElseThrow(() -> new ConfigProblem(root.getValue("val.metrics").origin(), "val.metrics names no metric"));
    }

    /**
     * Assembles a training run of {@code network_g} on {@code objective} with the distillation step {@code distill} (built for
     * that objective, so the terms are built once)
     * ({@link DistillationStep#none()} for supervised training) and the {@code listeners} (which
     * include {@code distill}); {@code role} is "student", or "teacher" when the teacher stage trains
     * {@code network_t} as this run's {@code network_g}: the name logs and tables use. Resume is done
     * by the caller through {@link TrainingLoop#resume()}.
     */
    public static TrainingLoop.Parts parts(Config root, Components components, RunDirectory run, RunLog log, RunMeters meters,
                                           Objective objective, DistillationStep distill, List<TrainingListener> listeners, Device device,
                                           WeightsLoader weights, String role) {
        long seed = root.getLong("manual_seed");
        RestorationTask task = task(root, components);
        Backbone student = backbone(root, "network_g", components, task.scale());
        Backbone emaCopy = backbone(root, "network_g", components, task.scale());
        int probe = root.hasPath("datasets.train.gt_size") ? Math.max(16, root.getInt("datasets.train.gt_size") / task.scale()) : 32;
        Network net = Network.create(role, student, device, seed, true, probe);
        net.trainIn(Precision.student(root));
        Network ema = Network.create("ema", emaCopy, device, seed, false, probe);
        ema.copyFrom(net);
        loadPretrained(root, net, ema, log, weights, components);
        Config train = root.getConfig("train");
        TorchAdam adam = optimizer(train.getConfig("optim_g"), net);
        MultiStepLR sched = scheduler(train.getConfig("scheduler"), train.getConfig("optim_g").getDouble("lr"));
        BatchSource data = task.trainingBatches(root.getConfig("datasets.train"), seed);
        Validator validator = new Validator(task, task.validationSets(root.getConfig("datasets")), metrics(root, task, components));
        Config val = root.getConfig("val");
        if (val.getBoolean("save_img")) {
            validator.saveImages(new ValidationImages(run.root().resolve("visualization")));
        }
        Config logger = root.getConfig("logger");
        TrainingLoop.Settings settings = new TrainingLoop.Settings(train.getLong("total_iter"), train.getDouble("ema_decay"),
                logger.getInt("print_freq"), val.getInt("val_freq"), logger.getInt("save_checkpoint_freq"),
                logger.getInt("keep_last"), ProgressMode.of(logger, "progress", "logger.progress"),
                val.getBoolean("also_raw"), train.getInt("max_bad_steps"), divergence(train.getConfig("divergence")));
        return new TrainingLoop.Parts(net, ema, objective, adam, sched, data, validator, run, log, meters, distill, listeners, settings);
    }

    private static Divergence divergence(Config d) {
        return new Divergence(d.getDouble("max_abs_weight"), d.getDouble("loss_factor"), d.getInt("loss_window"));
    }

    private static void loadPretrained(Config root, Network net, Network ema, RunLog log, WeightsLoader weights,
                                       Components components) {
        if (!root.hasPath("path.pretrain_network_g")) {
            return;
        }
        loadWeights(root, "g", net, weights, components);
        ema.copyFrom(net);
        log.info("student initialised from %s", root.getString("path.pretrain_network_g"));
    }

    /**
     * Loads {@code path.pretrain_network_<which>} into {@code net} with {@code param_key_<which>} and
     * {@code strict_load_<which>}; a missing file is a config error at that key's file:line, and so is a
     * file whose dckd metadata records another architecture or scale than {@code network_<which>}
     * builds (strict loading only: a partial load, e.g. x2 weights into a x4 network, is intended).
     */
    public static void loadWeights(Config root, String which, Network net, WeightsLoader weights, Components components) {
        String key = "path.pretrain_network_" + which;
        Path file = Path.of(root.getString(key));
        if (!Files.isRegularFile(file)) {
            throw new ConfigProblem(root.getValue(key).origin(), key + ": no such file " + file.toAbsolutePath());
        }
        String paramKey = root.hasPath("path.param_key_" + which) ? root.getString("path.param_key_" + which) : "params_ema";
        boolean strict = !root.hasPath("path.strict_load_" + which) || root.getBoolean("path.strict_load_" + which);
        if (strict) {
            ArchitectureMatch.require(file, networkSpec(root, "network_" + which), net.backbone().scale(), components,
                    root.getValue(key).origin(), "network_" + which + " (with scale " + net.backbone().scale() + "), which " + key + " loads into,",
                    "set network_" + which + " and scale to match the file (or path.strict_load_" + which + " = false for a partial load)");
        }
        try (NDManager m = net.manager().newSubManager()) {
            net.load(weights.read(m, file, paramKey), strict, file.toString());
        } catch (IOException e) {
            throw new ConfigProblem(root.getValue(key).origin(), key + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The network at {@code path} as weights files describe it ({@link io.dckd.core.io.StoredArchitecture}:
     * preset, resolved options, scale, task); {@link io.dckd.core.io.SafeTensors#write} adds the stamp.
     */
    public static WeightsMetadata architecture(Config root, String path, Components components) {
        int scale = root.hasPath("task.scale") ? root.getInt("task.scale") : root.getInt("scale");
        return StoredArchitecture.of(components.resolvePreset(networkSpec(root, path)), scale, root.getString("task.type"))
                .addTo(WeightsMetadata.empty());
    }

    /**
     * Keeps the best EMA or raw weights of a run of {@code network_g} in
     * {@code <run>/models/net_g_best.safetensors}, judged by the run's first metric.
     */
    public static BestWeights bestWeights(Config root, Components components, RunDirectory run, RunLog log, Device device) {
        RestorationTask task = task(root, components);
        String metric = firstMetric(root, task);
        boolean higherIsBetter = metrics(root, task, components).get(metric).higherIsBetter();
        Network copy = Network.create("best", backbone(root, "network_g", components, task.scale()), device, root.getLong("manual_seed"), false, 16);
        return new BestWeights(copy, run.bestWeights(), metric,
                higherIsBetter, architecture(root, "network_g", components), log);
    }

    /** Adam or AdamW from {@code train.optim_g}. */
    public static TorchAdam optimizer(Config optim, Network net) {
        ComponentOptions o = ComponentOptions.over(RunConfig.defaults().getConfig("train.optim_g")).read(optim, "train.optim_g");
        String type = o.getString("type");
        double[] betas = o.getDoubles("betas");
        boolean decoupled = switch (type) {
            case "Adam" -> false;
            case "AdamW" -> true;
            default -> throw o.bad("type", "unknown optimizer '" + type + "'; available: " + String.join(", ", OPTIMIZERS));
        };
        return new TorchAdam(net.parameters(), net.manager(), betas[0], betas[1], o.getDouble("eps"), o.getDouble("weight_decay"), decoupled);
    }

    /** MultiStepLR from {@code train.scheduler}. */
    public static MultiStepLR scheduler(Config sched, double lr) {
        ComponentOptions.over(RunConfig.defaults().getConfig("train.scheduler")).read(sched, "train.scheduler");
        String type = sched.getString("type");
        if (!SCHEDULERS.contains(type)) {
            throw new ConfigProblem(sched.getValue("type").origin(), "unknown scheduler '" + type + "' at train.scheduler.type; available: "
                    + String.join(", ", SCHEDULERS));
        }
        long[] ms = sched.getLongList("milestones").stream().mapToLong(Long::longValue).toArray();
        return new MultiStepLR(lr, ms, sched.getDouble("gamma"));
    }
}
