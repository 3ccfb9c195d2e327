package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.ModuleList;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * One resolution level of taming's Encoder ({@code down[i]}) or Decoder ({@code up[i]}): a list
 * {@code block} of ResnetBlocks, a list {@code attn} (empty unless the level's nominal resolution
 * is in attn_resolutions; then one AttnBlock after each ResnetBlock), and an optional
 * {@code downsample}/{@code upsample}. The owner runs it step by step (see {@link #block}).
 */
public final class Level extends TorchModule implements OnnxRenderable {

    private final ModuleList blocks;
    private final ModuleList attns;
    private final Block resample;

    Level(int in, int out, int numBlocks, boolean attention, float dropout, int groups, String resampleName) {
        blocks = addChildBlock("block", new ModuleList());
        attns = addChildBlock("attn", new ModuleList());
        int c = in;
        for (int j = 0; j < numBlocks; j++) {
            blocks.add(new ResnetBlock(c, out, dropout, groups));
            c = out;
            if (attention) {
                attns.add(new AttnBlock(out, groups));
            }
        }
        if (resampleName == null) {
            resample = null;
        } else {
            resample = addChildBlock(resampleName, resampleName.equals("downsample") ? new Downsample(out) : new Upsample(out));
        }
    }

    /** Number of ResnetBlocks. */
    int size() {
        return blocks.size();
    }

    /** ResnetBlock {@code j} alone (the contrastive feature taps read this output). */
    NDArray block(int j, ParameterStore ps, NDArray h, boolean training) {
        return call(blocks.get(j), ps, h, training);
    }

    /** The attention after block {@code j}, or identity when the level has none. */
    NDArray attn(int j, ParameterStore ps, NDArray h, boolean training) {
        return attns.size() == 0 ? h : call(attns.get(j), ps, h, training);
    }

    /** The down/upsampling, or identity at the level that has none. */
    NDArray resample(ParameterStore ps, NDArray h, boolean training) {
        return resample == null ? h : call(resample, ps, h, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.singletonOrThrow();
        for (int j = 0; j < size(); j++) {
            h = attn(j, ps, block(j, ps, h, training), training);
        }
        return new NDList(resample(ps, h, training));
    }

    /** The forward as ONNX nodes: each ResnetBlock (and its attention), then the resampling. */
    @Override
    public String render(OnnxRenderer r, String x) {
        String h = x;
        for (int j = 0; j < size(); j++) {
            h = renderBlock(r, j, h);
            h = attns.size() == 0 ? h : r.render(attns.get(j), h);
        }
        return resample == null ? h : r.render(resample, h);
    }

    /** {@link #block} as ONNX nodes. */
    String renderBlock(OnnxRenderer r, int j, String h) {
        return r.render(blocks.get(j), h);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape s = in[0];
        for (int j = 0; j < blocks.size(); j++) {
            s = initChild(blocks.get(j), m, dt, s);
            if (attns.size() > 0) {
                initChild(attns.get(j), m, dt, s);
            }
        }
        if (resample != null) {
            initChild(resample, m, dt, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        for (int j = 0; j < blocks.size(); j++) {
            s = blocks.get(j).getOutputShapes(new Shape[] {s})[0];
        }
        return resample == null ? new Shape[] {s} : resample.getOutputShapes(new Shape[] {s});
    }
}
