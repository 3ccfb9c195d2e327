package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.dckd.core.config.Precision;
import io.dckd.core.data.BatchSource;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.train.StopRequest;
import java.nio.file.Path;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * SPI: maps restored images into a frozen encoder's space (DCKD's distribution mapping module,
 * METHOD.md §3): per-level features for the contrastive term and the soft codebook assignment for
 * the cross-entropy term. Config: {@code network_vq { type = ... }}.
 *
 * <p>Lifecycle in the pipeline: stage {@code codebook} calls {@link #prepare} (load the user's
 * weights, or pretrain an encoder and codebook and write them under the stage directory); stage
 * {@code distill} calls {@link #create} for the frozen mapping.
 */
public interface DistributionMapper extends ExtensionPoint {

    /** The registry key. */
    String type();

    /**
     * Makes sure frozen weights exist: returns the weights file to use (the user's
     * {@code pretrain_network_vqgan}, or one this method trained and wrote under
     * {@link MapperContext#stageDirectory()}), or empty when the mapper needs none. Must be idempotent:
     * a finished result in the stage directory is reused.
     */
    default Optional<Path> prepare(ComponentSpec spec, MapperContext context) {
        return Optional.empty();
    }

    /** Builds the frozen mapping, loading {@code weights} when given. */
    Mapping create(ComponentSpec spec, MapperContext context, Optional<Path> weights);

    /** What the pipeline offers a mapper. */
    interface MapperContext {
        /** Builds a network (architecture or preset) through the registries. */
        Backbone buildBackbone(ComponentSpec spec);

        /** The run's device. */
        ai.djl.Device device();

        /** Reads weights files (safetensors, PyTorch checkpoints). */
        WeightsLoader weights();

        /** Folder for this mapper's stage output (pretrained weights, logs). */
        Path stageDirectory();

        /** Ground-truth training patches (B×3×size×size), seeded, for pretraining. */
        BatchSource trainingImages(int patchSize, int batchSize, long seed);

        /** The run seed. */
        long seed();

        /** Writes a line to the run log. */
        void log(String message);

        /**
         * A safe point for long work such as pretraining: throws when the user asked the run to stop
         * (Ctrl-C, SIGTERM), so the stage ends cleanly. Call it between steps.
         */
        default void stopPoint() {
            StopRequest.check();
        }
    }

    /** A configured, frozen mapping. */
    interface Mapping extends AutoCloseable {

        /** Contrastive level weights w_l, one per feature level. */
        double[] levelWeights();

        /**
         * One encoder pass over {@code images} (N×3×H×W) that yields both the level features and,
         * when {@code withDistribution}, the code logits of the codebook distribution (N·H/16·W/16 × codes). Gradient
         * flows to {@code images} only if it carries one; encoder weights never get any. Results
         * belong to {@code images}' manager.
         */
        Encoded encode(NDArray images, boolean withDistribution);

        /**
         * {@link #encode} for images without gradient (the teacher's output, the negatives), in the format
         * {@link #castFrozen} chose; results in fp32. The student's E(S(x)) always goes through {@link #encode}.
         */
        default Encoded encodeFrozen(NDArray images, boolean withDistribution) {
            return encode(images, withDistribution);
        }

        /**
         * Runs {@link #encodeFrozen} in {@code precision} from now on (its own cast copy of the weights;
         * {@link #encode} stays fp32). A mapping that cannot accepts only fp32.
         */
        default void castFrozen(Precision precision) {
            if (precision != Precision.FP32) {
                throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot run its frozen encoder in " + precision.label());
            }
        }

        /** Number of encoder parameters (for reports). */
        default long parameterCount() {
            return 0;
        }

        @Override
        void close();
    }

    /**
     * @param levels per-level features, level 1 first
     * @param codeLogits −‖z−e_k‖² per position and code (the codebook distribution is their softmax over
     *     codes, DCKD's C = ψ(‖F − e‖²)), or null when not asked for
     * @param levelWeights the mapping's contrastive level weights w_l ({@link Mapping#levelWeights}), which a
     *     contrastive term without its own uses; null when the mapping has none
     */
    record Encoded(NDList levels, NDArray codeLogits, double[] levelWeights) {

        /** Features and code logits without level weights. */
        public Encoded(NDList levels, NDArray codeLogits) {
            this(levels, codeLogits, null);
        }
    }
}
