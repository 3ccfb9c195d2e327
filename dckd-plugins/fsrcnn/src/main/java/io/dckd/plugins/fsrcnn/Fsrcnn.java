package io.dckd.plugins.fsrcnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import io.dckd.core.nn.GuardedConv2d;
import io.dckd.core.nn.TorchNames;

/**
 * FSRCNN (Dong, Loy, Tang, ECCV 2016) on RGB: feature extraction conv5×5 (d) + PReLU, shrinking
 * conv1×1 (s) + PReLU, m mapping conv3×3 (s) + PReLU, expanding conv1×1 (d) + PReLU, and a 9×9
 * transposed convolution with stride = scale (padding 4, output padding scale−1) so the output is
 * exactly scale× the input. State-dict keys follow the common PyTorch port:
 * {@code first_part.*}, {@code mid_part.*}, {@code last_part.*}.
 */
final class Fsrcnn extends SequentialBlock implements TorchNames.TorchNamed {

    private static final String[] NAMES = {"first_part", "mid_part", "last_part"};

    Fsrcnn(int scale, int d, int s, int m, int channels) {
        SequentialBlock first = new SequentialBlock().add(conv(d, 5)).add(new Prelu(d));
        SequentialBlock mid = new SequentialBlock().add(conv(s, 1)).add(new Prelu(s));
        for (int i = 0; i < m; i++) {
            mid.add(conv(s, 3)).add(new Prelu(s));
        }
        mid.add(conv(d, 1)).add(new Prelu(d));
        TransposedConv last = new TransposedConv(channels, 9, scale, 4);
        add(first).add(mid).add(last);
    }

    private static Conv2d conv(int filters, int k) {
        return GuardedConv2d.builder().setKernelShape(new Shape(k, k)).setFilters(filters).optPadding(new Shape(k / 2, k / 2)).build();
    }

    @Override
    public String torchChildName(String djlName, int index) {
        return NAMES[index];
    }
}
