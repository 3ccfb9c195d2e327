package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * {@code F.conv2d(x, w, b, stride, padding, dilation, groups)} routed around two libtorch 2.7.1 CPU
 * convolution kernels that read memory they never wrote. Both shapes are given the same values through
 * a kernel that is right, by zero padding of channels:
 *
 * <ul>
 *   <li><b>Forward, input channels above 16 and not a multiple of 16</b> (k &gt; 1, one group): the
 *       output was wrong on this project's machines (AMD EPYC, AVX-512; oneDNN): SwinIR's 60 and 180,
 *       FSRCNN's 56 and 3×3 layers of 17 to 72 channels gave outputs up to 0.8 off, or NaN, in about
 *       a third of the shapes measured against float64; multiples of 16, 1×1 and depthwise
 *       convolutions were right. The input and the weight get zero channels in front, up to the next
 *       multiple of 16 (CPU only; CUDA runs cuDNN).</li>
 *   <li><b>Backward, output channels not a multiple of 16</b> (one group): the input gradient is a
 *       convolution whose input channels are these filters, and it read uninitialised memory (NaN in 2
 *       to 3 of 16 passes for 64 → 3; 41% off for a frozen 32 → 8; 0.38 off for 60 → 60). When a backward
 *       may reach the convolution, zero filters are added in front up to the next multiple of 16 and
 *       the real channels are returned.</li>
 *   <li><b>bf16 forward, output channels not a multiple of 16</b> (k &gt; 1): wrong in the forward
 *       itself (the frozen networks of {@code precision.frozen = bf16}); the filters are padded as for the
 *       backward.</li>
 * </ul>
 */
public final class SafeConvolution {

    /** The channel block of oneDNN's AVX-512 kernels: channel counts that are multiples of it were right. */
    static final int CHANNEL_BLOCK = 16;

    private SafeConvolution() {}

    /**
     * The convolution; {@code backward} says whether a backward pass may reach it (a trainable layer
     * in a training pass, or an input that autograd differentiates: {@link AtenOps#gradientReaches}).
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation, int groups,
            boolean backward) {
        long[] ws = w.getShape().getShape();
        long cin = ws[1];
        NDManager m = x.getManager();
        if (!x.getDevice().isGpu() && groups == 1 && ws[2] * ws[3] > 1 && cin > CHANNEL_BLOCK && cin % CHANNEL_BLOCK != 0) {
            long extra = CHANNEL_BLOCK - cin % CHANNEL_BLOCK;
            Shape xs = x.getShape();
            // zero channels first, made in the input's manager: concat's result belongs to its first array's
            // manager, and the model's manager must not collect per-pass arrays
            x = NDArrays.concat(new NDList(Casts.zeros(m, new Shape(xs.get(0), extra, xs.get(2), xs.get(3)), x), x), 1);
            w = NDArrays.concat(new NDList(Casts.zeros(m, new Shape(ws[0], extra, ws[2], ws[3]), w), w), 1);
            ws = w.getShape().getShape();
        }
        long filters = ws[0];
        // bf16 on CPU: the forward itself is wrong when the filters are not a multiple of the block
        // (measured relative L2 to fp32 on the rounded operands: 32 → 3 3×3 0.24, 64 → 8 0.17, 60 → 60 0.05;
        // 2e-3, bf16's own rounding, once padded), so it takes the padded path too
        boolean padFilters = backward || !x.getDevice().isGpu() && Casts.unnamed(x);
        if (filters % CHANNEL_BLOCK == 0 || !padFilters || groups != 1) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        }
        // the input gradient is a convolution whose input channels are these filters: zero filters first,
        // up to the next multiple of the block, and the real ones are the last channels
        long extra = CHANNEL_BLOCK - filters % CHANNEL_BLOCK;
        NDArray wide = NDArrays.concat(new NDList(Casts.zeros(m, new Shape(extra, ws[1], ws[2], ws[3]), w), w), 0);
        NDArray wideBias = b == null ? null : NDArrays.concat(new NDList(Casts.zeros(m, new Shape(extra), b), b), 0);
        NDArray out = Conv2d.conv2d(x, wide, wideBias, stride, padding, dilation, groups).singletonOrThrow();
        return out.get(new NDIndex(":, {}:", extra));
    }
}
