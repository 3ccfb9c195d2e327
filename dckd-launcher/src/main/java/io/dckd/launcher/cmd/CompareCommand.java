package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.core.train.Devices;
import io.dckd.core.train.RunLock;
import io.dckd.core.train.RunLog;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Version;
import io.dckd.launcher.Weights;
import io.dckd.launcher.compare.Comparison;
import io.dckd.launcher.compare.ComparisonCrops;
import io.dckd.launcher.compare.ComparisonPlot;
import io.dckd.launcher.compare.ComparisonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dckd compare -c FILE --methods scratch,logits,dckd [--seeds N] [--resume]}: trains every
 * method (a method file over the base config) with the same teacher, codebook, data, schedule and
 * budget, and writes the paper-style table (Markdown, CSV, JSON), a PSNR-vs-iteration plot and
 * side-by-side crops into {@code <experiments_root>/<name>-compare/}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train several KD methods side by side (same teacher, data, schedule, budget) and tabulate them as the paper does.")
public final class CompareCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--methods", required = true, split = ",",
            description = "methods: bundled names (scratch, logits, fakd, dukd, dckd, dckd_official, dckd_star, dckd_paper; ablations/<name>) or method files")
    List<String> methods = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "1", description = "seeds per method: manual_seed, manual_seed+1, ... (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--resume", description = "continue an interrupted method run from its last checkpoint (finished methods are always skipped)")
    boolean resume;

    @Option(names = "--crops", defaultValue = "1", description = "side-by-side crops of the first N images of each set (default: ${DEFAULT-VALUE}; 0: none)")
    int crops;

    @Option(names = "--crop-size", defaultValue = "96", description = "side of the crops in output pixels (default: ${DEFAULT-VALUE})")
    int cropSize;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || crops < 0 || cropSize < 1 || methods.isEmpty()) {
            throw new Dckd.UsageException("--methods needs at least one method, --seeds >= 1, --crops >= 0, --crop-size >= 1");
        }
        if (methods.stream().distinct().count() != methods.size()) {
            throw new Dckd.UsageException("a method is listed twice in --methods " + methods);
        }
        long t0 = System.nanoTime();
        try (DckdApp a = config.start()) {
            Config baseUser = RunConfig.parseFile(RunConfig.locate(config.config, a.home()));
            Config baseRoot = RunConfig.load(baseUser, config.sets, a.reference());
            Engines.configureThreads(baseRoot.getInt("num_threads"));
            Device device = Devices.fromConfig(baseRoot);
            Path dir = Comparison.directory(baseRoot);
            Files.createDirectories(dir);
            try (RunLock lock = RunLock.acquire(dir);
                 RunLog log = new RunLog(dir.resolve("compare.log"))) {
                log.info("dckd %s compare: methods %s, %d seed(s), run directory %s, device %s", Version.current(),
                        methods, seeds, dir.toAbsolutePath(), device);
                Comparison c = new Comparison(a.injector(), a.components(), a.reference(), a.home(), device, Weights.loader(), log);
                Comparison.Outcome o = c.run(baseUser, config.sets, new Comparison.Settings(methods, seeds, resume, crops, cropSize));
                ComparisonReport report = new ComparisonReport(o);
                report.write();
                try {
                    ComparisonPlot.write(o, dir.resolve("plots/psnr.png"));
                } catch (RuntimeException | LinkageError | InternalError e) {
                    // no fonts / AWT libraries on a headless server: the numbers are in compare.json
                    log.warn("could not draw plots/psnr.png (%s): %s", e.getClass().getSimpleName(), e.getMessage());
                }
                if (crops > 0) {
                    ComparisonCrops.write(c, o, crops, cropSize);
                }
                String md = report.markdown();
                System.out.println(md);
                log.fileOnly("%n%s", md);
                log.info("%s", String.format(Locale.ROOT, "compare finished in %.0f s: %s (compare.md, compare.csv, compare.json, plots/psnr.png%s)",
                        (System.nanoTime() - t0) / 1e9, dir, crops > 0 ? ", crops/" : ""));
            }
        }
        return 0;
    }
}
