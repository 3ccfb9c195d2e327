package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.core.pipeline.Pipeline;
import io.dckd.core.train.Devices;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLock;
import io.dckd.core.train.RunLog;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dckd train -c FILE}: runs the pipeline the config describes: supervised training, or
 * teacher → codebook → distill → evaluate → export for distillation.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run the pipeline the config describes (supervised training, or teacher, codebook, distill, evaluate, export).")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ConfigOptions config;

    @Option(names = "--resume", description = "continue the run in its run directory: finished stages are skipped, the current one resumes from its last valid checkpoint")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        try (DckdApp a = app.start()) {
            Config root = config.load(a);
            Engines.configureThreads(root.getInt("num_threads"));
            Device device = Devices.fromConfig(root);
            Path experiments = Path.of(root.getString("path.experiments_root"));
            String name = root.getString("name");
            Path dir = experiments.resolve(name);
            // one process per run directory: taken before anything in it is read, moved or written
            RunLock lock = RunLock.acquire(dir);
            if (!resume && !isEmpty(dir)) {
                Path archived = experiments.resolve(name + "_archived_" + System.currentTimeMillis());
                Files.move(dir, archived);
                lock.close();
                lock = RunLock.acquire(dir);
                System.err.println("dckd: an earlier run of '" + name + "' was moved to " + archived + " (use --resume to continue a run)");
            }
            try (RunLock held = lock) {
                return train(a, root, device, experiments, name);
            }
        }
    }

    private int train(DckdApp a, Config root, Device device, Path experiments, String name) throws Exception {
        RunDirectory run = RunDirectory.open(experiments, name);
        Files.writeString(run.config(), RunConfig.render(root));
        try (RunLog log = new RunLog(run.log())) {
            log.info("dckd %s, run directory %s, device %s, engine %s", io.dckd.launcher.Version.current(),
                    run.root().toAbsolutePath(), device, Engines.describe());
            Pipeline pipeline = new Pipeline(root, a.components(), device, Weights.loader(root), run, log, resume);
            log.info("stages: %s", String.join(" -> ", pipeline.stages()));
            String report = pipeline.run();
            if (!report.isEmpty()) {
                System.out.println(report);
            }
        }
        return 0;
    }

    /** True when {@code dir} holds nothing but its lock file. */
    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE));
        }
    }
}
