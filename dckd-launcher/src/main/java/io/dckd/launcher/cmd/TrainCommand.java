package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLog;
import io.dckd.core.train.RunMeters;
import io.dckd.core.train.Trainer;
import io.dckd.core.train.TrainingSetup;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Weights;
import io.dckd.launcher.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dckd train -c FILE}: runs the pipeline the config describes. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train (supervised or by distillation) as the config describes.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ConfigOptions config;

    @Option(names = "--resume", description = "continue the run in its run directory from the last valid checkpoint")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        try (DckdApp a = app.start()) {
            Config root = config.load(a);
            Engines.configureThreads(root.getInt("num_threads"));
            Device device = io.dckd.core.train.Devices.fromConfig(root);
            Path experiments = Path.of(root.getString("path.experiments_root"));
            String name = root.getString("name");
            Path dir = experiments.resolve(name);
            if (!resume && Files.exists(dir.resolve("checkpoints")) && !RunReport.isEmptyDir(dir.resolve("checkpoints"))) {
                Path archived = experiments.resolve(name + "_archived_" + System.currentTimeMillis());
                Files.move(dir, archived);
                System.err.println("dckd: an earlier run of '" + name + "' was moved to " + archived + " (use --resume to continue it)");
            }
            RunDirectory run = RunDirectory.open(experiments, name);
            Files.writeString(run.config(), RunConfig.render(root));
            try (RunLog log = new RunLog(run.log());
                 RunMeters meters = new RunMeters(root.getStringList("logger.meter_registries"), run.meters())) {
                log.info("dckd %s, run directory %s, device %s, engine %s", io.dckd.launcher.Version.current(),
                        run.root().toAbsolutePath(), device, Engines.describe());
                Trainer.Parts parts = TrainingSetup.parts(root, a.components(), run, log, meters, List.of(), device, Weights.loader());
                Trainer trainer = new Trainer(parts);
                try {
                    long start = resume ? trainer.resume() : 0;
                    Trainer.Outcome outcome = trainer.run(start);
                    RunReport.exportWeights(run, parts);
                    String table = RunReport.summary(outcome, parts.student().parameterCount());
                    log.fileOnly("%n%s", table);
                    System.out.println(table);
                } finally {
                    trainer.closeLogs();
                    parts.data().close();
                    parts.student().close();
                    parts.ema().close();
                }
            }
        }
        return 0;
    }
}
