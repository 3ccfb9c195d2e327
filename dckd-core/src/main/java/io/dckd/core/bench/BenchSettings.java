package io.dckd.core.bench;

import java.util.List;

/**
 * What {@link StepBench} measures.
 *
 * @param mode {@code scratch} (pixel loss), {@code logits} (+ KD to the teacher), {@code dckd}
 *     (+ label consistency, contrastive and codebook cross-entropy terms, negatives through the history model)
 * @param student student architecture or preset
 * @param teacher teacher architecture or preset
 * @param encoder encoder preset for the distribution mapper
 * @param batch batch size
 * @param patch LR patch side
 * @param scale SR scale (1 for restoration tasks)
 * @param negatives degraded negatives per sample (the clean one is added)
 * @param warmup untimed steps first
 * @param steps timed steps
 * @param seed seed for weights and synthetic data
 * @param overrides {@code key=value} run-config overrides over the bench's config (e.g. {@code precision.frozen=bf16}), later ones win
 */
public record BenchSettings(String mode, String student, String teacher, String encoder, int batch, int patch, int scale,
                            int negatives, int warmup, int steps, long seed, List<String> overrides) {

    public BenchSettings {
        overrides = List.copyOf(overrides);
    }
}
