package io.dckd.core.train;

import io.dckd.core.config.ConfigProblem;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer meters of a training run: {@code dckd.step.time}, {@code dckd.data.time},
 * {@code dckd.images.per.second}, {@code dckd.steps.skipped} and {@code dckd.loss{term=...}}, in the registries the user
 * chooses ({@code logger.meter_registries}: {@code jsonl} writes snapshots to the run directory's
 * {@code meters.jsonl}; {@code jmx} exposes them over JMX; {@code logging} logs them).
 */
public final class RunMeters implements AutoCloseable {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final SimpleMeterRegistry jsonl;
    private final Path jsonlFile;
    private final Timer stepTime;
    private final Timer dataTime;
    private final io.micrometer.core.instrument.Counter skipped;
    private final AtomicReference<Double> imagesPerSecond = new AtomicReference<>(0.0);
    private final Map<String, AtomicReference<Double>> lossGauges = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> lossSummaries = new ConcurrentHashMap<>();

    /**
     * @param registries names from {@code logger.meter_registries}
     * @param jsonlFile where the jsonl registry writes
     */
    public RunMeters(List<String> registries, Path jsonlFile) {
        this.jsonlFile = jsonlFile;
        SimpleMeterRegistry j = null;
        for (String name : registries) {
            switch (name) {
                case "jsonl" -> {
                    j = new SimpleMeterRegistry();
                    registry.add(j);
                }
                case "jmx" -> registry.add(new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM));
                case "logging" -> registry.add(new LoggingMeterRegistry());
                default -> throw new ConfigProblem("unknown meter registry '" + name
                        + "' in logger.meter_registries; available: jsonl, jmx, logging");
            }
        }
        this.jsonl = j;
        this.stepTime = Timer.builder("dckd.step.time").description("training step wall time").register(registry);
        this.dataTime = Timer.builder("dckd.data.time").description("time waiting for the next batch").register(registry);
        registry.gauge("dckd.images.per.second", imagesPerSecond, AtomicReference::get);
        this.skipped = io.micrometer.core.instrument.Counter.builder("dckd.steps.skipped")
                .description("steps skipped for a non-finite loss or gradient").register(registry);
    }

    /** Counts one step skipped for a non-finite loss or gradient ({@code dckd.steps.skipped}). */
    public void stepSkipped() {
        skipped.increment();
    }

    /** The composite registry (for extensions that add meters). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Records one step. */
    public void recordStep(long stepNanos, long dataNanos, int batchSize, Map<String, Double> losses) {
        stepTime.record(stepNanos, TimeUnit.NANOSECONDS);
        dataTime.record(dataNanos, TimeUnit.NANOSECONDS);
        imagesPerSecond.set(batchSize / Math.max(1e-9, (stepNanos + dataNanos) / 1e9));
        for (Map.Entry<String, Double> e : losses.entrySet()) {
            lossGauges.computeIfAbsent(e.getKey(), k -> {
                AtomicReference<Double> ref = new AtomicReference<>(0.0);
                registry.gauge("dckd.loss", io.micrometer.core.instrument.Tags.of("term", k), ref, AtomicReference::get);
                return ref;
            }).set(e.getValue());
            lossSummaries.computeIfAbsent(e.getKey(), k -> DistributionSummary.builder("dckd.loss.summary").tag("term", k).register(registry))
                    .record(e.getValue());
        }
    }

    /** Writes a snapshot of every meter to {@code meters.jsonl} (if the jsonl registry is on). */
    public void publish(long iter) {
        if (jsonl == null) {
            return;
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("iter", iter);
        for (Meter m : jsonl.getMeters()) {
            String id = m.getId().getName() + m.getId().getTags().stream().map(t -> "." + t.getValue()).reduce("", String::concat);
            if (m instanceof Timer t) {
                rec.put(id + ".mean_ms", t.mean(TimeUnit.MILLISECONDS));
                rec.put(id + ".max_ms", t.max(TimeUnit.MILLISECONDS));
                rec.put(id + ".count", t.count());
            } else if (m instanceof DistributionSummary s) {
                rec.put(id + ".mean", s.mean());
            } else {
                m.measure().forEach(ms -> rec.put(id, ms.getValue()));
            }
        }
        try (MetricsLog log = new MetricsLog(jsonlFile)) {
            log.write(rec);
        }
    }

    @Override
    public void close() {
        registry.getRegistries().forEach(MeterRegistry::close);
        registry.close();
    }
}
