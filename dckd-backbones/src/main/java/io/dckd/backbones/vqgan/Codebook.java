package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.Scalars;
import io.dckd.core.spi.CodebookEncoder;
import io.dckd.core.nn.TorchNames;

/**
 * Taming's {@code VectorQuantizer2} codebook ({@code quantize.embedding.weight}, n_embed × embed_dim,
 * initialised U(−1/n, 1/n) as taming does; type OTHER so {@link io.dckd.core.nn.FreshInit}
 * keeps that initialiser) and the soft assignment of a latent to the codes: for
 * z (B×D×h×w) flattened to N = B·h·w rows in (b, y, x) order,
 * d[n,k] = ‖z_n‖² + ‖e_k‖² − 2 z_n·e_k and C[n,:] = softmax_k(−d[n,:]) (N × n_embed).
 *
 * <p>With {@code l2Normalize} (ViT-VQGAN's l2-normalised codes, Yu et al. 2021, §3.2) z_n and e_k
 * are first divided by their norms ({@link CodebookEncoder#l2Normalize}), so d[n,k] = 2 − 2 ẑ_n·ê_k ∈ [0, 4].
 */
public final class Codebook extends AbstractBlock implements TorchNames.TorchNamed {

    private final int dim;
    private final boolean l2;
    private final Parameter embedding;

    /** A codebook of {@code nEmbed} vectors of size {@code dim}, taming's raw Euclidean lookup. */
    public Codebook(int nEmbed, int dim) {
        this(nEmbed, dim, false);
    }

    /** A codebook of {@code nEmbed} vectors of size {@code dim}; {@code l2Normalize}: compare unit vectors. */
    public Codebook(int nEmbed, int dim, boolean l2Normalize) {
        this.dim = dim;
        this.l2 = l2Normalize;
        this.embedding = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER)
                .optInitializer(new UniformInitializer(1f / nEmbed)).optShape(new Shape(nEmbed, dim)).build());
    }

    @Override
    public String torchParameterName(String name) {
        return "embedding." + name;
    }

    /** Squared distances d (N × n_embed) of every position of {@code z} to every code. */
    public NDArray distances(ParameterStore ps, NDArray z, boolean training) {
        if (z.getShape().get(1) != dim) {
            throw new IllegalArgumentException("codebook of dimension " + dim + " got latent " + z.getShape());
        }
        NDArray e = TorchModule.local(ps.getValue(embedding, z.getDevice(), training), z);
        NDArray flat = z.transpose(0, 2, 3, 1).reshape(-1, dim);
        if (l2) {
            e = CodebookEncoder.l2Normalize(e, 1);
            flat = CodebookEncoder.l2Normalize(flat, 1);
        }
        return flat.square().sum(new int[] {1}, true)
                .add(e.square().sum(new int[] {1}))
                .sub(Scalars.mul(flat.matMul(e.transpose()), 2));
    }

    /** Whether latent and codes are l2-normalised before the distance. */
    public boolean normalizes() {
        return l2;
    }

    /** −d (N × n_embed): the logits of the soft assignment over codes. */
    public NDArray logits(ParameterStore ps, NDArray z, boolean training) {
        return distances(ps, z, training).neg();
    }

    /** The soft assignment softmax(−d) over codes, N × n_embed. */
    public NDArray distribution(ParameterStore ps, NDArray z, boolean training) {
        return Casts.softmax(logits(ps, z, training), 1);
    }

    /** Index of the nearest code per position (N), as taming's quantizer picks it. */
    public NDArray nearest(ParameterStore ps, NDArray z, boolean training) {
        return distances(ps, z, training).argMin(1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(distribution(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[] {new Shape(s.get(0) * s.get(2) * s.get(3), embedding.getShape().get(0))};
    }
}
