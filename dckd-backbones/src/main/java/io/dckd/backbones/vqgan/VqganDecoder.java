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

/**
 * The decoding half of a taming VQModel ({@code VQModel.decode}): {@code post_quant_conv}
 * (1×1, embed_dim → z_channels) then {@code decoder} ({@link Decoder}). Input: quantised latent
 * B×embed_dim×h×w; output: image B×out_ch×h·2^(L−1)×w·2^(L−1). With {@link VqganEncoder} it forms
 * the autoencoder of a codebook pre-training stage; its keys ({@code decoder.*},
 * {@code post_quant_conv.*}) are the checkpoint's, so both halves load from one state dict.
 */
public final class VqganDecoder extends TorchModule {

    private final Block postQuantConv;
    private final Block decoder;

    /** Builds post_quant_conv and the decoder of {@code config}. */
    public VqganDecoder(VqganConfig config) {
        postQuantConv = addChildBlock("post_quant_conv", Layers.conv1x1(config.dd().zChannels()));
        decoder = addChildBlock("decoder", new Decoder(config.dd()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(call(decoder, ps, call(postQuantConv, ps, inputs.singletonOrThrow(), training), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        initChild(decoder, m, dt, initChild(postQuantConv, m, dt, in[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return decoder.getOutputShapes(postQuantConv.getOutputShapes(in));
    }
}
