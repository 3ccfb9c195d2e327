package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.core.pipeline.ArchivedRun;
import io.dckd.core.pipeline.Pipeline;
import io.dckd.core.pipeline.PipelineRun;
import io.dckd.core.pipeline.RunPlan;
import io.dckd.core.train.Devices;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLock;
import io.dckd.core.train.RunLog;
import io.dckd.launcher.DckdApp;
import io.dckd.core.parallel.GradientAllReduce;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.Engines;
import io.dckd.launcher.NprocLauncher;
import io.dckd.launcher.RankProcess;
import io.dckd.launcher.RunPreflight;
import io.dckd.launcher.Version;
import io.dckd.launcher.Weights;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dckd train -c FILE}: runs the pipeline the config describes: supervised training, or
 * teacher → codebook → distill → evaluate → export for distillation.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run the pipeline the config describes (supervised training, or teacher, codebook, distill, evaluate, export).")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--resume", description = "continue the run in its run directory even with a changed config: finished stages are"
            + " skipped, the current one resumes from its last valid checkpoint (refused when there is nothing to resume)")
    boolean resume;

    @Option(names = "--restart", description = "archive an earlier run of this name (NAME_archived_<date>T<time>) and start over")
    boolean restart;

    @Option(names = "--nproc", paramLabel = "N", description = "data parallel: train with N processes on this machine (PyTorch c10d, Gloo),"
            + " each on datasets.train.batch_size_per_gpu samples of one batch of N times that size, learning rate unchanged;"
            + " supervised configs only; needs the optional dckd-c10d jars (see --c10d-dir)")
    Integer nproc;

    @Option(names = "--c10d-dir", paramLabel = "DIR", description = "folder with the dckd-c10d jars for --nproc; default: <home>/lib/c10d")
    Path c10dDir;

    @Option(names = "--group-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "--nproc: how long a rank waits for the others (rendezvous, each all-reduce) before it fails; default: ${DEFAULT-VALUE}")
    long groupTimeout;

    @Override
    public Integer call() throws Exception {
        if (nproc != null && !RankProcess.isRank()) {
            if (nproc < 1) {
                throw new Dckd.UsageException("--nproc must be at least 1, not " + nproc);
            }
            Path dir = c10dDir != null ? c10dDir : config.app.home().resolve("lib").resolve("c10d");
            return new NprocLauncher(nproc, dir, spec.root().commandLine().getParseResult().originalArgs(), err()).run();
        }
        try (DckdApp a = config.start()) {
            Config root = config.load(a);
            // before any native op: libtorch takes its inter-op thread count only before the first one
            Engines.configureThreads(root.getInt("num_threads"));
            if (RankProcess.isRank() && root.hasPath("network_t")) {
                throw new Dckd.UsageException("--nproc trains supervised configs only (no network_t) for now: DCKD's random draws"
                        + " (negatives, label-consistency ops) would differ per rank; run this config without --nproc");
            }
            // everything that needs no run directory is checked before one is created
            RunPreflight.check(root, a.components());
            Device device = Devices.fromConfig(root);
            Path experiments = Path.of(root.getString("path.experiments_root"));
            String name = root.getString("name");
            GradientAllReduce ranks = RankProcess.join(Duration.ofSeconds(groupTimeout));
            Path privateRun = null;
            try {
                if (ranks.rank() > 0) {
                    ranks.barrier(); // rank 0 has decided about the run directory (archive, leftovers, lock)
                    privateRun = RankProcess.privateCopy(experiments.resolve(name), ranks.rank());
                    experiments = privateRun;
                }
                int code = call(a, root, device, experiments, name, ranks);
                ranks.close(); // not after a failed collective: then only the process's exit ends Gloo's threads
                return code;
            } finally {
                if (privateRun != null) {
                    RankProcess.deletePrivateCopy(privateRun);
                }
            }
        }
    }

    /** The run in {@code experiments/name}, as rank {@code ranks.rank()} (rank 0 passes a barrier once it decided what to do). */
    private int call(DckdApp a, Config root, Device device, Path experiments, String name, GradientAllReduce ranks) throws Exception {
        Path dir = experiments.resolve(name);
        if (resume && !Files.isDirectory(dir)) {
            throw RunPlan.nothingToResume(dir);
        }
        // one process per run directory: taken before anything in it is read, moved or written
        RunLock lock = RunLock.acquire(dir);
        try {
            RunPlan plan = RunPlan.decide(dir, root, resume, restart);
            switch (plan.action()) {
                case FINISHED -> {
                    if (ranks.rank() == 0 && ranks.worldSize() > 1) {
                        ranks.barrier();
                    }
                    printFinished(dir, name, plan);
                    return 0;
                }
                case RESTART -> {
                    lock.close();
                    Path archived = ArchivedRun.archive(dir);
                    lock = RunLock.acquire(dir);
                    err().println("dckd: the earlier run of '" + name + "' was moved to " + archived);
                }
                case START -> {
                    if (RunPlan.clearLeftovers(dir)) {
                        err().println("dckd: " + dir + " held a failed attempt (no checkpoint, no finished stage); starting over there");
                    }
                }
                case CONTINUE -> {
                    if (!plan.change().isEmpty()) {
                        RunPlan.forgetOutputs(dir);
                    }
                    err().println("dckd: continuing the " + (plan.change().isEmpty() ? "unfinished " : "") + "run in " + dir
                            + (plan.change().isEmpty() ? "" : " with the changed config:\n" + plan.change().describe().stripTrailing()));
                }
            }
            if (ranks.rank() == 0 && ranks.worldSize() > 1) {
                ranks.barrier();
            }
            return train(a, root, device, experiments, name, ranks);
        } finally {
            lock.close();
        }
    }

    /** A finished run with the same config: says so and prints its report; nothing is trained. */
    private void printFinished(Path dir, String name, RunPlan plan) throws IOException {
        err().println("dckd: '" + name + "' finished earlier in " + dir + "; nothing to do (--restart trains it again)");
        for (Path report : List.of(dir.resolve("report.md"), dir.resolve(Pipeline.SUMMARY))) {
            if (Files.isRegularFile(report)) {
                System.out.println(Files.readString(report));
                return;
            }
        }
        err().println("dckd: (no report in " + dir + "; see its train.log)");
    }

    /** The command's error stream (standard error, or what a caller of the command line set). */
    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private int train(DckdApp a, Config root, Device device, Path experiments, String name, GradientAllReduce ranks) throws Exception {
        RunDirectory run = RunDirectory.open(experiments, name);
        Files.writeString(run.config(), RunConfig.render(root));
        try (RunLog log = new RunLog(run.log())) {
            log.info("dckd %s, run directory %s, device %s, engine %s", Version.current(),
                    run.root().toAbsolutePath(), device, Engines.describe());
            Pipeline pipeline = Pipeline.of(a.injector(), PipelineRun.of(root, a.components(), device, Weights.loader(root), run, log)
                    .withRanks(ranks));
            log.info("stages: %s", String.join(" -> ", pipeline.stages()));
            String report = pipeline.run();
            if (!report.isEmpty()) {
                System.out.println(report);
            }
        }
        return 0;
    }
}
