package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.spi.CodebookEncoder;

/**
 * The encoding half of a taming VQModel: {@code encoder} ({@link Encoder}), {@code quant_conv}
 * (1×1, z_channels → embed_dim) and {@code quantize} ({@link Codebook}); parameter names are the
 * checkpoint's state-dict keys. Users reach it as a {@link CodebookEncoder}.
 *
 * <p>Forward: x (B×3×H×W, used as given: no rescaling) → NDList(level 1, ..., level L,
 * distribution), where level l is the output of ResnetBlock 0 of encoder level l
 * (B×ch·ch_mult[l]×H/2^l×W/2^l) and distribution = softmax(−‖quant_conv(encoder(x)) − e_k‖²)
 * over codes, (B·H/2^(L−1)·W/2^(L−1)) × n_embed — one encoder pass yields both.
 */
public final class VqganEncoder extends TorchModule implements CodebookEncoder, OnnxRenderable {

    private final VqganConfig config;
    private final Encoder encoder;
    private final Block quantConv;
    private final Codebook quantize;

    /** Builds encoder, quant_conv and codebook of {@code config}. */
    public VqganEncoder(VqganConfig config) {
        this.config = config;
        encoder = addChildBlock("encoder", new Encoder(config.dd()));
        quantConv = addChildBlock("quant_conv", Layers.conv1x1(config.embedDim()));
        quantize = addChildBlock("quantize", new Codebook(config.nEmbed(), config.embedDim(), config.l2Normalize()));
    }

    /** The options it was built from. */
    public VqganConfig config() {
        return config;
    }

    /** One level per {@code ddconfig.ch_mult} entry. */
    @Override
    public int levels() {
        return config.dd().levels();
    }

    /**
     * One encoder pass over {@code x}: the level features and, when {@code withDistribution}, the
     * codebook distribution. Without it the pass stops after the last level's ResnetBlock 0 (the
     * official {@code get_feas}), skipping attention, mid block, conv_out and the codebook.
     */
    @Override
    public Encoding encode(ParameterStore ps, NDArray x, boolean withDistribution) {
        Encoder.Result r = encoder.run(ps, x, false, withDistribution);
        if (!withDistribution) {
            return new Encoding(r.levels(), null);
        }
        NDArray z = call(quantConv, ps, r.latent(), false);
        return new Encoding(r.levels(), quantize.logits(ps, z, false));
    }

    /**
     * quant_conv(encoder(x)): the pre-quantisation latent B×embed_dim×h×w, l2-normalised over
     * channels when {@code l2_normalize} (the vector the codebook compares).
     */
    @Override
    public NDArray latent(ParameterStore ps, NDArray x, boolean training) {
        NDArray z = call(quantConv, ps, encoder.run(ps, x, training, true).latent(), training);
        return config.l2Normalize() ? CodebookEncoder.l2Normalize(z, 1) : z;
    }

    /** Whether latent and codes are compared as unit vectors ({@code l2_normalize}). */
    @Override
    public boolean normalizesCodes() {
        return config.l2Normalize();
    }

    /** {@code n_embed}. */
    @Override
    public int codes() {
        return config.nEmbed();
    }

    @Override
    public NDArray nearestCodes(ParameterStore ps, NDArray latent, boolean training) {
        return quantize.nearest(ps, latent, training);
    }

    /** {@code post_quant_conv} and {@code decoder} of the same configuration ({@link VqganDecoder}). */
    @Override
    public VqganDecoder newDecoder() {
        return new VqganDecoder(config);
    }

    /** {@code embed_dim}. */
    @Override
    public int codeDim() {
        return config.embedDim();
    }

    /** The taming {@code encoder} (input to latent z). */
    public Encoder encoder() {
        return encoder;
    }

    /** The codebook. */
    public Codebook codebook() {
        return quantize;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Encoder.Result r = encoder.run(ps, x, training, true);
        NDList out = new NDList(r.levels());
        out.add(quantize.distribution(ps, call(quantConv, ps, r.latent(), training), training));
        return out;
    }

    /**
     * The forward's first output as ONNX nodes: level 1, the output of ResnetBlock 0 of the
     * encoder's first level (B×ch×H×W). The later levels and the code distribution are feature taps,
     * which renderings leave out; {@link Encoder} renders the full encoder (the latent z).
     */
    @Override
    public String render(OnnxRenderer r, String x) {
        return encoder.renderFirstLevel(r, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape z = initChild(encoder, m, dt, in[0]);
        Shape q = initChild(quantConv, m, dt, z);
        initChild(quantize, m, dt, q);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        VqganConfig.DdConfig dd = config.dd();
        Shape[] out = new Shape[dd.levels() + 1];
        long h = s.get(2);
        long w = s.get(3);
        for (int i = 0; i < dd.levels(); i++) {
            out[i] = new Shape(s.get(0), dd.levelChannels(i), h, w);
            if (i < dd.levels() - 1) {
                h = (h - 2) / 2 + 1;
                w = (w - 2) / 2 + 1;
            }
        }
        out[dd.levels()] = new Shape(s.get(0) * h * w, config.nEmbed());
        return out;
    }
}
