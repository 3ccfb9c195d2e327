package io.dckd.plugins.dckd.dmm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.TorchOwned;
import io.dckd.core.spi.CodebookEncoder;
import java.util.SplittableRandom;

/**
 * Hard vector quantisation of a VQGAN latent for the codebook stage (taming's
 * {@code VectorQuantizer2} with {@code legacy=True}, van den Oord et al. 2017, plus EMA codebook
 * updates and dead-code restarts).
 *
 * <p>For z (B×D×h×w) flattened to z_n (N = B·h·w rows, (b, y, x) order): k_n = argmin_k ‖z_n − e_k‖²,
 * z_q = e_{k_n}. The decoder receives z + sg(z_q − z) (straight-through estimator). The loss is
 * ‖sg(z) − z_q‖² + β·‖z − sg(z_q)‖² (means over all elements) with {@code STRAIGHT_THROUGH}; with
 * {@code EMA} only the commitment term β·‖z − sg(z_q)‖² and, after the optimiser step,
 * {@link #update}: N_k ← γN_k + (1−γ)n_k, m_k ← γm_k + (1−γ)Σ_{n: k_n=k} z_n,
 * e_k = m_k / Ñ_k with Laplace smoothing Ñ_k = (N_k + ε)/(ΣN + Kε)·ΣN.
 *
 * <p>Both modes keep the EMA usage N_k; a code whose N_k falls below the dead-code threshold is
 * restarted at a random encoder output of the current batch (N_k = 1, m_k = that output), which
 * keeps the codebook in use. All randomness comes from the given generator.
 *
 * <p>With {@code l2} (ViT-VQGAN's l2-normalised codes, Yu et al. 2021) z is expected unit-length
 * per position (the encoder's {@code latent} normalises it) and every use of the codes — the
 * distance, z_q, the lookup — goes through ê_k = e_k / ‖e_k‖; the EMA mean of unit vectors is
 * stored as is and normalised on use. {@link #initialize}: the codes start as k-means++ centres
 * of encoder outputs ({@link KMeansPlusPlus}), with N_k = the points of cluster k, m_k = N_k·e_k.
 */
final class VectorQuantizer {

    private static final float EPS = 1e-5f;
    private static final int LLOYD_ITERATIONS = 10;

    private final Parameter codebook;
    private final PretrainOptions options;
    private final NDArray usage;
    private final NDArray sums;
    private final int codes;
    private final int dim;
    private final boolean l2;

    /**
     * @param codebook the parameter {@code quantize.embedding.weight} (K×D), initialised
     * @param l2 compare and hand out l2-normalised codes
     * @param state manager for the EMA statistics (the model's)
     */
    VectorQuantizer(Parameter codebook, PretrainOptions options, boolean l2, NDManager state) {
        this.codebook = codebook;
        this.options = options;
        this.l2 = l2;
        NDArray e = codebook.getArray();
        this.codes = (int) e.getShape().get(0);
        this.dim = (int) e.getShape().get(1);
        this.usage = state.zeros(new Shape(codes), e.getDataType(), e.getDevice());
        this.sums = state.zeros(e.getShape(), e.getDataType(), e.getDevice());
    }

    /**
     * The quantised latent and the VQ loss (inside a gradient collector).
     *
     * @param z the encoder latent B×D×h×w (with gradient)
     */
    Quantized quantize(NDArray z) {
        long b = z.getShape().get(0);
        long h = z.getShape().get(2);
        long w = z.getShape().get(3);
        NDArray flat = z.transpose(0, 2, 3, 1).reshape(-1, dim);
        NDArray param = codebook.getArray();
        // a copy in the step's manager (gradient still reaches the parameter): ops on the parameter
        // itself would allocate their results in the model's manager
        NDArray e = normalized(z.getManager().zeros(param.getShape(), param.getDataType(), param.getDevice()).add(param));
        NDArray eConst = e.stopGradient();
        NDArray flatDetached = flat.stopGradient();
        NDArray d = flatDetached.square().sum(new int[] {1}, true).add(eConst.square().sum(new int[] {1}))
                .sub(Scalars.mul(flatDetached.matMul(eConst.transpose()), 2));
        NDArray indices = d.argMin(1);
        NDArray oneHot = indices.oneHot(codes, param.getDataType());
        NDArray zqFlat = oneHot.matMul(e);
        NDArray zq = zqFlat.reshape(b, h, w, dim).transpose(0, 3, 1, 2);
        NDArray commitment = Scalars.mul(z.sub(zq.stopGradient()).square().mean(), options.beta());
        NDArray loss = options.update() == PretrainOptions.CodebookUpdate.STRAIGHT_THROUGH
                ? zq.sub(z.stopGradient()).square().mean().add(commitment)
                : commitment;
        NDArray decoderInput = z.add(zq.sub(z).stopGradient());
        return new Quantized(decoderInput, loss, indices, oneHot.stopGradient(), flatDetached);
    }

    /** The codes of {@code indices} (N, (b, y, x) order) as a latent b×D×h×w, no gradient. */
    NDArray lookup(NDArray indices, long b, long h, long w) {
        NDArray param = codebook.getArray();
        NDArray e = normalized(indices.getManager().zeros(param.getShape(), param.getDataType(), param.getDevice()).add(param));
        return indices.oneHot(codes, param.getDataType()).matMul(e).reshape(b, h, w, dim).transpose(0, 3, 1, 2);
    }

    /**
     * Starts the codes as k-means++ centres of the positions of {@code z} (B×D×h×w, no gradient
     * needed): e_k = centre k, N_k = its points, m_k = N_k·e_k.
     */
    void initialize(NDArray z, SplittableRandom rng) {
        NDArray flat = z.stopGradient().transpose(0, 2, 3, 1).reshape(-1, dim);
        int n = (int) flat.getShape().get(0);
        KMeansPlusPlus.Result r = KMeansPlusPlus.fit(flat.toFloatArray(), n, dim, codes, LLOYD_ITERATIONS, l2, rng);
        float[] counts = new float[codes];
        float[] sumRows = new float[codes * dim];
        for (int k = 0; k < codes; k++) {
            counts[k] = r.counts()[k];
            for (int j = 0; j < dim; j++) {
                sumRows[k * dim + j] = r.centres()[k * dim + j] * counts[k];
            }
        }
        NDManager m = flat.getManager();
        NDArray e = codebook.getArray();
        e.set(new NDIndex(":"), TorchOwned.floats(m, r.centres(), new Shape(codes, dim)).toDevice(e.getDevice(), false));
        usage.set(new NDIndex(":"), TorchOwned.floats(m, counts, new Shape(codes)).toDevice(e.getDevice(), false));
        sums.set(new NDIndex(":"), TorchOwned.floats(m, sumRows, new Shape(codes, dim)).toDevice(e.getDevice(), false));
    }

    /** With {@code l2}: stores the normalised codes (what every lookup uses) in the parameter. */
    void finish() {
        if (l2) {
            NDArray e = codebook.getArray();
            try (NDManager m = e.getManager().newSubManager()) {
                NDArray copy = m.zeros(e.getShape(), e.getDataType(), e.getDevice()).add(e);
                e.set(new NDIndex(":"), normalized(copy));
            }
        }
    }

    private NDArray normalized(NDArray e) {
        return l2 ? CodebookEncoder.l2Normalize(e, 1) : e;
    }

    /**
     * After the optimiser step: EMA statistics, the EMA codebook (mode {@code EMA}), dead-code
     * restarts. Returns the number of codes restarted.
     */
    int update(Quantized q, SplittableRandom rng) {
        double gamma = options.emaDecay();
        NDArray counts = q.oneHot().sum(new int[] {0});
        usage.muli((float) gamma).addi(counts.mul((float) (1 - gamma)));
        NDArray e = codebook.getArray();
        if (options.update() == PretrainOptions.CodebookUpdate.EMA) {
            NDArray batchSums = q.oneHot().transpose().matMul(q.flat());
            sums.muli((float) gamma).addi(batchSums.mul((float) (1 - gamma)));
            NDArray n = counts.zerosLike().add(usage);
            float total = n.sum().getFloat();
            NDArray smoothed = n.add((float) EPS).div((float) (total + codes * EPS)).mul(total);
            NDArray fresh = batchSums.zerosLike().add(sums).div(smoothed.expandDims(1));
            e.set(new NDIndex(":"), fresh);
        }
        return restartDeadCodes(q, rng);
    }

    private int restartDeadCodes(Quantized q, SplittableRandom rng) {
        if (options.deadCodeThreshold() <= 0) {
            return 0;
        }
        float[] use = usage.toFloatArray();
        int n = (int) q.flat().getShape().get(0);
        float[] mask = new float[codes];
        float[] rows = null;
        int dead = 0;
        float[] z = null;
        for (int k = 0; k < codes; k++) {
            if (use[k] < options.deadCodeThreshold()) {
                if (z == null) {
                    z = q.flat().toFloatArray();
                    rows = new float[codes * dim];
                }
                int r = rng.nextInt(n);
                System.arraycopy(z, r * dim, rows, k * dim, dim);
                mask[k] = 1;
                dead++;
            }
        }
        if (dead == 0) {
            return 0;
        }
        NDManager m = q.flat().getManager();
        NDArray keep = TorchOwned.floats(m, mask, new Shape(codes, 1)).toDevice(q.flat().getDevice(), false).neg().add(1);
        NDArray replacement = TorchOwned.floats(m, rows, new Shape(codes, dim)).toDevice(q.flat().getDevice(), false);
        NDArray e = codebook.getArray();
        NDArray restarted = keep.mul(e).add(replacement);
        e.set(new NDIndex(":"), restarted);
        // a restarted code starts with usage 1 and cluster sum = its vector, so the EMA keeps it there
        NDArray keepFlat = keep.reshape(codes);
        usage.muli(keepFlat).addi(keepFlat.neg().add(1));
        sums.muli(keep).addi(replacement);
        return dead;
    }

    /**
     * @param decoderInput z + sg(z_q − z), B×D×h×w
     * @param loss the VQ loss (scalar)
     * @param indices nearest code per position (N)
     * @param oneHot N×K assignment (no gradient)
     * @param flat z as N×D (no gradient)
     */
    record Quantized(NDArray decoderInput, NDArray loss, NDArray indices, NDArray oneHot, NDArray flat) {}
}
