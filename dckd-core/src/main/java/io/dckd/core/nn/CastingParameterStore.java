package io.dckd.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dckd.core.config.Precision;

/**
 * The parameter store of a low-precision training forward (mixed precision with fp32 master weights,
 * as {@code torch.autocast} does for a convolution or a linear layer): every layer that reads a weight
 * gets a copy cast to {@code precision} ({@link Casts#to}), made in the caller's gradient mode, so
 * autograd records the cast and backward hands the fp32 parameter an fp32 gradient; Adam, the EMA and
 * the checkpoints never see the low-precision copies. A copy is made per read and freed with the scope
 * of its pass ({@link Scoped}).
 */
public final class CastingParameterStore extends ParameterStore {

    private final Precision precision;

    public CastingParameterStore(NDManager manager, Precision precision) {
        super(manager, false);
        this.precision = precision;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        return Casts.to(super.getValue(parameter, device, training), precision);
    }
}
