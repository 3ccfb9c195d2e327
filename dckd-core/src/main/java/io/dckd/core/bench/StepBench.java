package io.dckd.core.bench;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.Precision;
import io.dckd.core.config.RunConfig;
import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.io.FileTrees;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.pipeline.DistillationSetup;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.train.Divergence;
import io.dckd.core.train.MetricsLog;
import io.dckd.core.train.MultiStepLR;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.ProgressMode;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLog;
import io.dckd.core.train.RunMeters;
import io.dckd.core.train.StepProfile;
import io.dckd.core.train.TrainingLoop;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Times training steps of the real trainer on synthetic batches (random weights, random images):
 * warm-up, then timed steps, with the median, min and max, a per-component breakdown and the
 * resident memory after warm-up and at the end, and per segment the peak resident memory above the
 * step's start (where a step's memory goes, phase by phase).
 *
 * @param threads the engine's intra-op thread count, for the report
 */
public record StepBench(Components components, Device device, int threads) {

    /**
     * The run config a bench step of {@code method} (a method file such as {@code configs/methods/dckd.conf}:
     * its loss sections and {@code network_vq}) builds, over the run defaults: the networks of {@code s},
     * a randomly initialised encoder, {@code s.negatives()} negatives; {@code s.overrides()} over all of it
     * ({@code precision.*} checked as a run config's: a bad value is a {@link io.dckd.core.config.ConfigProblem}).
     */
    static Config runConfig(BenchSettings s, Config method) {
        Map<String, Object> bench = new LinkedHashMap<>();
        bench.put("manual_seed", s.seed());
        bench.put("scale", s.scale());
        bench.put("network_g", Map.of("type", s.student()));
        if (!s.mode().equals("scratch")) {
            bench.put("network_t", Map.of("type", s.teacher()));
        }
        if (method.hasPath("network_vq")) {
            bench.put("network_vq", Map.of("encoder", s.encoder(), "random_init", true));
        }
        bench.put("train", Map.of("negative_sampler", Map.of("num_neg", s.negatives())));
        Config root = RunConfig.parseOverrides(s.overrides()).withFallback(ConfigFactory.parseMap(bench))
                .withFallback(method.withoutPath("label")).withFallback(RunConfig.defaults()).resolve();
        Precision.require(root);
        return root;
    }

    /** Runs the benchmark of {@code method}'s objective (see {@link #runConfig}); returns the JSON report. */
    public Map<String, Object> run(BenchSettings s, Config method, Consumer<String> progress) throws IOException {
        Path tmp = Files.createTempDirectory("dckd-bench");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Config root = runConfig(s, method);
            Network student = Network.create("student", TrainingSetup.backbone(root, "network_g", components, s.scale()), device, s.seed(), true, s.patch());
            student.trainIn(Precision.student(root));
            Network ema = Network.create("ema", TrainingSetup.backbone(root, "network_g", components, s.scale()), device, s.seed(), false, s.patch());
            resources.add(student);
            resources.add(ema);
            ema.copyFrom(student);
            Objective objective = Objective.fromTrain(root.getConfig("train"), "train", components.losses());
            DistillationStep distill = new DistillationSetup(root, components, device, WeightsLoader.safetensorsOnly(), null, Optional.empty(),
                    new BenchMapperContext(components, device, tmp, s.seed()), line -> { }).build(objective);
            resources.add(distill);
            long teacherParams = distill.parts().teacher() == null ? 0 : distill.parts().teacher().parameterCount();
            TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
            RunDirectory run = RunDirectory.open(tmp, "bench");
            try (RunLog log = new RunLog(run.log()); RunMeters meters = new RunMeters(List.of(), run.meters());
                 SyntheticBatches data = new SyntheticBatches(s.batch(), s.patch(), s.scale(), s.seed())) {
                TrainingLoop.Settings settings = new TrainingLoop.Settings(Long.MAX_VALUE, 0.999, Integer.MAX_VALUE, Integer.MAX_VALUE,
                        Integer.MAX_VALUE, 1, ProgressMode.OFF, false, 10, Divergence.defaults());
                TrainingLoop trainer = new TrainingLoop(new TrainingLoop.Parts(student, ema, objective, adam, new MultiStepLR(1e-4, new long[0], 1),
                        data, new Validator(null, List.of(), Map.of()), run, log, meters, distill, List.of(distill), settings));
                trainer.resume();
                for (int i = 1; i <= s.warmup(); i++) {
                    trainer.step(data.next(), i);
                }
                double rssAfterWarmup = Rss.mib();
                StepProfile profile = StepProfile.withMemory();
                trainer.profile(profile);
                double[] ms = new double[s.steps()];
                List<Map<String, Object>> samples = new ArrayList<>();
                int every = Math.max(1, s.steps() / 10);
                for (int i = 0; i < s.steps(); i++) {
                    Batch b = data.next();
                    long t0 = System.nanoTime();
                    trainer.step(b, s.warmup() + i + 1);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    if ((i + 1) % every == 0 || i == s.steps() - 1) {
                        double[] window = Arrays.copyOfRange(ms, Math.max(0, i + 1 - every), i + 1);
                        Map<String, Object> sample = new LinkedHashMap<>();
                        sample.put("step", i + 1);
                        sample.put("rss_mib", Rss.mib());
                        sample.put("median_ms", median(window));
                        samples.add(sample);
                        progress.accept(MetricsLog.toJson(sample));
                    }
                }
                double rssEnd = Rss.mib();
                // after the timed steps, so the probe's extra passes change no timing, and unprofiled:
                // its frozen passes would otherwise be charged to the breakdown
                trainer.profile(null);
                Map<String, Double> gradNorms = trainer.iteration().termGradientNorms(data.next(), s.warmup() + s.steps() + 1);
                trainer.closeLogs();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("mode", s.mode());
                out.put("device", device.toString());
                out.put("student", s.student());
                out.put("student_parameters", student.parameterCount());
                if (!s.mode().equals("scratch")) {
                    out.put("teacher", s.teacher());
                    out.put("teacher_parameters", teacherParams);
                }
                if (s.mode().equals("dckd")) {
                    out.put("encoder", s.encoder());
                    out.put("negatives", s.negatives() + 1);
                }
                out.put("batch", s.batch());
                out.put("patch", s.patch());
                out.put("scale", s.scale());
                out.put("threads", threads);
                Map<String, Object> precision = new LinkedHashMap<>();
                precision.put("frozen", Precision.frozen(root).label());
                precision.put("student", Precision.student(root).label());
                out.put("precision", precision);
                out.put("warmup", s.warmup());
                out.put("steps", s.steps());
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                out.put("median_ms", median(ms));
                out.put("min_ms", sorted[0]);
                out.put("max_ms", sorted[sorted.length - 1]);
                Map<String, Object> breakdown = new LinkedHashMap<>();
                profile.millis().forEach((k, v) -> breakdown.put(k, v / s.steps()));
                out.put("breakdown_ms_per_step", breakdown);
                Map<String, Double> phasePeaks = profile.peakMibAboveStepStart();
                if (!phasePeaks.isEmpty()) {
                    // host memory: on a GPU the device's peak is not in it
                    out.put("breakdown_rss_peak_mib_above_step_start", phasePeaks);
                }
                out.put("term_grad_norms", gradNorms);
                out.put("rss_mib_after_warmup", rssAfterWarmup);
                out.put("rss_mib_end", rssEnd);
                out.put("rss_growth_percent", 100.0 * (rssEnd - rssAfterWarmup) / rssAfterWarmup);
                out.put("samples", samples);
                return out;
            }
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception ignored) {
                    // native memory goes with the process anyway
                }
            }
            FileTrees.delete(tmp);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Random batches (uniform images), a few prepared once and cycled. */
    static final class SyntheticBatches implements BatchSource {
        private final List<Batch> batches = new ArrayList<>();
        private long position;

        SyntheticBatches(int batch, int patch, int scale, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int k = 0; k < 4; k++) {
                float[] lq = new float[batch * 3 * patch * patch];
                float[] gt = new float[batch * 3 * patch * scale * patch * scale];
                for (int i = 0; i < lq.length; i++) {
                    lq[i] = (float) rng.nextDouble();
                }
                for (int i = 0; i < gt.length; i++) {
                    gt[i] = (float) rng.nextDouble();
                }
                batches.add(new Batch(batch, patch, patch, lq, patch * scale, patch * scale, gt));
            }
        }

        @Override
        public Batch next() {
            return batches.get((int) (position++ % batches.size()));
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void skipTo(long p) {
            position = p;
        }

        @Override
        public void close() {
            batches.clear();
        }
    }

    /** A mapper context without data: random encoder weights are fine for timing. */
    record BenchMapperContext(Components components, Device device, Path dir, long seed) implements DistributionMapper.MapperContext {
        @Override
        public Backbone buildBackbone(ComponentSpec spec) {
            return components.buildBackbone(spec);
        }

        @Override
        public WeightsLoader weights() {
            return WeightsLoader.safetensorsOnly();
        }

        @Override
        public Path stageDirectory() {
            return dir;
        }

        @Override
        public BatchSource trainingImages(int patchSize, int batchSize, long s) {
            return new SyntheticBatches(batchSize, patchSize, 1, s);
        }

        @Override
        public void log(String message) {
            // benchmarks stay quiet
        }
    }
}
