package io.dckd.backbones.nafnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.ModuleList;
import io.dckd.backbones.kit.PixelShuffle;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.nn.ScopedSequentialBlock;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxPadding;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * NAFNet (megvii-research/NAFNet basicsr/models/archs/NAFNet_arch.py): a U-Net of {@link NAFBlock}s.
 * <pre>
 *   x = intro(pad(inp))                                  3×3, img_channel → width
 *   for each level i: x = encoders[i](x); skip_i = x; x = downs[i](x)   2×2 stride-2 conv, C → 2C
 *   x = middle_blks(x)
 *   for each level i (reversed): x = ups[i](x) + skip; x = decoders[i](x)  1×1 conv C → 2C (no bias), PixelShuffle(2)
 *   out = (ending(x) + pad(inp))[:, :, :H, :W]
 * </pre>
 * pad zero-pads bottom/right to a multiple of 2^levels, as the official {@code check_image_size},
 * so any input size works. B×img_channel×H×W → same shape.
 */
public final class NAFNet extends TorchModule implements OnnxRenderable {

    private final int padderSize;
    private final Block intro;
    private final Block ending;
    private final ModuleList encoders;
    private final ModuleList decoders;
    private final Block middleBlks;
    private final ModuleList ups;
    private final ModuleList downs;

    /**
     * @param imgChannel image channels
     * @param width channels of the first level
     * @param middleBlkNum NAFBlocks at the bottom
     * @param encBlkNums NAFBlocks per encoder level
     * @param decBlkNums NAFBlocks per decoder level (same count of levels)
     */
    public NAFNet(int imgChannel, int width, int middleBlkNum, int[] encBlkNums, int[] decBlkNums) {
        if (encBlkNums.length != decBlkNums.length) {
            throw new IllegalArgumentException("NAFNet needs as many decoder as encoder levels, got enc_blk_nums of "
                    + encBlkNums.length + " and dec_blk_nums of " + decBlkNums.length);
        }
        intro = addChildBlock("intro", Layers.conv3x3(width));
        ending = addChildBlock("ending", Layers.conv3x3(imgChannel));
        encoders = addChildBlock("encoders", new ModuleList());
        decoders = addChildBlock("decoders", new ModuleList());
        int chan = width;
        downs = new ModuleList();
        for (int num : encBlkNums) {
            encoders.add(blocks(chan, num));
            downs.add(Layers.conv(2 * chan, 2, 2, 0, 1, true));
            chan *= 2;
        }
        middleBlks = addChildBlock("middle_blks", blocks(chan, middleBlkNum));
        ups = new ModuleList();
        for (int num : decBlkNums) {
            ups.add(new SequentialBlock().add(Layers.conv(chan * 2, 1, 1, 0, 1, false)).add(PixelShuffle.shuffle(2)));
            chan /= 2;
            decoders.add(blocks(chan, num));
        }
        addChildBlock("ups", ups);
        addChildBlock("downs", downs);
        padderSize = 1 << encBlkNums.length;
    }

    private static SequentialBlock blocks(int c, int n) {
        SequentialBlock seq = new ScopedSequentialBlock();
        for (int i = 0; i < n; i++) {
            seq.add(new NAFBlock(c));
        }
        return seq;
    }

    /** 2^levels: the internal padding multiple. */
    public int padderSize() {
        return padderSize;
    }

    private long padded(long n) {
        return (n + padderSize - 1) / padderSize * padderSize;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray inp = inputs.singletonOrThrow();
        long h = inp.getShape().get(2);
        long w = inp.getShape().get(3);
        long ph = padded(h) - h;
        long pw = padded(w) - w;
        if (ph > 0 || pw > 0) {
            inp = inp.pad(new Shape(0, pw, 0, ph), 0);
        }
        NDArray x = call(intro, ps, inp, training);
        NDArray[] skips = new NDArray[encoders.size()];
        for (int i = 0; i < encoders.size(); i++) {
            x = call(encoders.get(i), ps, x, training);
            skips[i] = x;
            x = call(downs.get(i), ps, x, training);
        }
        x = call(middleBlks, ps, x, training);
        for (int i = 0; i < decoders.size(); i++) {
            x = call(ups.get(i), ps, x, training).add(skips[skips.length - 1 - i]);
            x = call(decoders.get(i), ps, x, training);
        }
        x = call(ending, ps, x, training).add(inp);
        if (ph > 0 || pw > 0) {
            x = x.get(new NDIndex(":, :, :{}, :{}", h, w));
        }
        return new NDList(x);
    }

    /** The forward as ONNX nodes: the zero padding to the padder size and the crop back are in the graph. */
    @Override
    public String render(OnnxRenderer r, String input) {
        OnnxGraph g = r.graph();
        OnnxPadding pad = OnnxPadding.toMultiple(g, input, padderSize, "constant");
        String x = r.render(intro, pad.padded());
        String[] skips = new String[encoders.size()];
        for (int i = 0; i < encoders.size(); i++) {
            skips[i] = r.render(encoders.get(i), x);
            x = r.render(downs.get(i), skips[i]);
        }
        x = r.render(middleBlks, x);
        for (int i = 0; i < decoders.size(); i++) {
            x = r.render(decoders.get(i), g.op("Add", r.render(ups.get(i), x), skips[skips.length - 1 - i]));
        }
        return pad.crop(g.op("Add", r.render(ending, x), pad.padded()), 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape s = new Shape(in[0].get(0), in[0].get(1), padded(in[0].get(2)), padded(in[0].get(3)));
        initChild(ending, m, dt, initChild(intro, m, dt, s)); // ending sees intro's channel count after the decoders
        s = intro.getOutputShapes(new Shape[] {s})[0];
        Shape[] skips = new Shape[encoders.size()];
        for (int i = 0; i < encoders.size(); i++) {
            s = initChild(encoders.get(i), m, dt, s);
            skips[i] = s;
            s = initChild(downs.get(i), m, dt, s);
        }
        s = initChild(middleBlks, m, dt, s);
        for (int i = 0; i < decoders.size(); i++) {
            s = initChild(ups.get(i), m, dt, s);
            s = initChild(decoders.get(i), m, dt, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
