package io.dckd.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder of one run: {@code config.conf} (resolved), {@code train.log}, {@code metrics.jsonl},
 * {@code checkpoints/}, {@code plots/}, {@code stages/} (markers of finished pipeline stages),
 * {@code export/}.
 */
public record RunDirectory(Path root) {

    /** Creates (or reuses) {@code experimentsRoot/name}. */
    public static RunDirectory open(Path experimentsRoot, String name) {
        Path root = experimentsRoot.resolve(name);
        try {
            Files.createDirectories(root.resolve("checkpoints"));
            Files.createDirectories(root.resolve("plots"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + root.toAbsolutePath() + ": " + IoFaults.describe(e), e);
        }
        return new RunDirectory(root);
    }

    public Path config() {
        return root.resolve("config.conf");
    }

    public Path log() {
        return root.resolve("train.log");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path meters() {
        return root.resolve("meters.jsonl");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path plots() {
        return root.resolve("plots");
    }

    /** {@code models/}: the final weights of a training stage. */
    public Path models() {
        return root.resolve("models");
    }

    /** {@code models/net_g_ema.safetensors}: the final EMA weights (BasicSR's {@code params_ema}). */
    public Path emaWeights() {
        return models().resolve("net_g_ema.safetensors");
    }

    /** {@code models/net_g.safetensors}: the final raw weights. */
    public Path rawWeights() {
        return models().resolve("net_g.safetensors");
    }

    /** {@code models/net_g_best.safetensors}: the best validated weights, EMA or raw ({@link BestWeights}). */
    public Path bestWeights() {
        return models().resolve(BestWeights.NAME + ".safetensors");
    }

    /** {@code stages/}: the markers of finished pipeline stages. */
    public Path markers() {
        return root.resolve("stages");
    }

    /** {@code export/}: what the export stage writes. */
    public Path export() {
        return root.resolve("export");
    }

    /** {@code report.md}: the evaluation's table. */
    public Path report() {
        return root.resolve("report.md");
    }

    /** A sub-run (a pipeline stage such as {@code teacher} or {@code distill}) inside this one. */
    public RunDirectory stage(String name) {
        return open(root, name);
    }
}
