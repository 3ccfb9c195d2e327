package io.dckd.launcher.cmd;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.RunConfig;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.pipeline.RunFacts;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.Devices;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Weights;
import io.dckd.launcher.report.EvalCrops;
import io.dckd.launcher.report.EvalReport;
import io.dckd.launcher.report.WeightsIteration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dckd eval -c FILE --weights W} (or, for weights dckd wrote, {@code dckd eval --weights W [--val DIR]}): PSNR/SSIM per image and mean on every validation set
 * ({@code datasets.val}, {@code val_1}, ...), next to the baseline; writes a Markdown table, CSV, JSON
 * and side-by-side crops into the output folder. A {@code model.onnx} from {@code dckd export} runs in
 * ONNX Runtime ({@link ExportedModel}), its metadata standing in for the weights' dckd metadata.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure a trained network on the config's validation sets.")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--weights", required = true, description = "weights of network_g (safetensors, or a PyTorch .pth),"
            + " or a model.onnx from dckd export, run in ONNX Runtime on num_threads intra-op threads (--set num_threads=N;"
            + " 0 = its default) and 1 inter-op thread")
    Path weights;

    @Option(names = "--val", description = "without -c: folder of ground-truth images to measure on (default: the bundled"
            + " <home>/data/sample/val); the network, scale and task come from the weights' dckd metadata")
    Path val;

    @Option(names = "--allow-non-finite", description = "load weights holding NaN or infinite values (refused by default: they give NaN outputs)")
    boolean allowNonFinite;

    @Option(names = "--json", arity = "0..1", fallbackValue = "-", description = "also write JSON with every image (to a file, or to stdout without a value)")
    String json;

    @Option(names = "--out", description = "folder for eval.md, eval.csv, eval.json and crops/; default: <path.experiments_root>/<name>/eval")
    Path out;

    @Option(names = "--per-image", description = "list every image in eval.md, eval.csv and eval.json, not only the means")
    boolean perImage;

    @Option(names = "--crops", defaultValue = "3", description = "side-by-side crops (input, baseline, network, GT) of the first N images of each set (default: ${DEFAULT-VALUE}; 0: none)")
    int crops;

    @Option(names = "--crop-size", defaultValue = "96", description = "side of the crops in output pixels, taken at the image centre (default: ${DEFAULT-VALUE})")
    int cropSize;

    @Override
    public Integer call() throws Exception {
        if (crops < 0 || cropSize < 1) {
            throw new Dckd.UsageException("--crops must be >= 0 and --crop-size >= 1");
        }
        long t0 = System.nanoTime();
        boolean onnx = ExportedModel.isOnnx(weights);
        try (DckdApp a = config.start()) {
            Config loaded = config.given() ? config.load(a) : null;
            try (ExportedModel exported = onnx ? open(a, loaded) : null) {
                return run(a, (loaded != null ? loaded : fromWeights(a, exported)).withValue("path.pretrain_network_g",
                        ConfigValueFactory.fromAnyRef(weights.toString(), "--weights")), exported, t0);
            }
        }
    }

    /**
     * The ONNX model of {@code --weights}: the scale of the config {@code loaded} (null without -c) must be the model's.
     * The session has {@code num_threads} intra-op threads (0: ONNX Runtime's default) and one inter-op thread: the
     * config's, or without -c the run default under {@code --set num_threads=N}.
     */
    private ExportedModel open(DckdApp a, Config loaded) {
        if (loaded == null) {
            int threads = RunConfig.parseOverrides(config.sets).withFallback(RunConfig.defaults()).getInt("num_threads");
            return ExportedModel.open(weights, null, "", "-c/--config", threads);
        }
        int scale = TrainingSetup.task(loaded, a.components()).scale();
        return ExportedModel.open(weights, scale, "the config's scale", "-c/--config", loaded.getInt("num_threads"));
    }

    /** Evaluates the ONNX model {@code exported}, or without one the weights in a DJL network. */
    private int run(DckdApp a, Config root, ExportedModel exported, long t0) throws IOException {
        Engines.configureThreads(root.getInt("num_threads"));
        Path dir = out != null ? out : Path.of(root.getString("path.experiments_root")).resolve(root.getString("name")).resolve("eval");
        RestorationTask task = TrainingSetup.task(root, a.components());
        if (exported != null) {
            evaluate(a, root, task, exported.model(), dir, t0);
            return 0;
        }
        Backbone b = TrainingSetup.backbone(root, "network_g", a.components(), task.scale());
        try (Network net = Network.create("eval", b, Devices.fromConfig(root), 0, false, 16)) {
            TrainingSetup.loadWeights(root, "g", net, Weights.loader(allowNonFinite || Weights.allowsNonFinite(root)), a.components());
            evaluate(a, root, task, net, dir, t0);
        }
        return 0;
    }

    /** Measures {@code net} (DJL or ONNX Runtime) on the validation sets and writes the report. */
    private void evaluate(DckdApp a, Config root, RestorationTask task, ImageModel net, Path dir, long t0) throws IOException {
        List<ValidationSet> sets = task.validationSets(root.getConfig("datasets"));
        Validator v = new Validator(task, sets, TrainingSetup.metrics(root, task, a.components()));
        Map<String, Validator.SetResult> res = v.evaluate(net);
        RunFacts facts = RunFacts.of(root).add("iterations", WeightsIteration.describe(weights))
                .weights(Map.of(root.getString("network_g.type"), weights)).wallTime("evaluation", (System.nanoTime() - t0) / 1e9);
        EvalReport report = new EvalReport(res, v.baseline(), facts);
        System.out.print(report.console());
        List<Path> written = report.write(dir, perImage);
        if (json != null) {
            String text = report.json(true);
            if (json.equals("-")) {
                System.out.println(text);
            } else {
                Path file = Path.of(json).toAbsolutePath();
                Files.createDirectories(file.getParent()); // as --out does: a new folder is made, not an error after the run
                Files.writeString(file, text);
            }
        }
        if (crops > 0) {
            new EvalCrops(task, crops, cropSize, root.getString("network_g.type")).write(net, sets, dir.resolve("crops"));
        }
        System.err.println("dckd: eval report in " + written.get(0).getParent()
                + (crops > 0 ? " (crops in " + dir.resolve("crops") + ")" : ""));
    }

    /**
     * Without {@code -c}: the network, scale and task that the weights' dckd metadata records, measured on
     * {@code --val} (or the bundled validation photographs) as one set named after the folder.
     */
    private Config fromWeights(DckdApp a, ExportedModel exported) {
        if (val != null && !Files.isDirectory(val)) {
            throw new Dckd.UsageException("--val: no such folder " + val.toAbsolutePath());
        }
        StoredArchitecture arch = exported != null ? exported.architecture("-c/--config") : RestoreArchitecture.required(weights, "-c/--config");
        Path folder = (val != null ? val : a.home().resolve("data/sample/val")).toAbsolutePath().normalize();
        ComponentSpec spec = arch.spec("network_g");
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", "eval-" + weights.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
        user.put("scale", arch.scale());
        user.put("task", Map.of("type", arch.task()));
        user.put("network_g", spec.params().withValue("type", ConfigValueFactory.fromAnyRef(spec.type())).root().unwrapped());
        user.put("datasets", Map.of("val", Map.of("name", folder.getFileName().toString(), "type", "SingleImageDataset",
                "dataroot_gt", folder.toString())));
        return config.load(a, ConfigFactory.parseMap(user, "--weights " + weights + " (its dckd metadata)"));
    }
}
