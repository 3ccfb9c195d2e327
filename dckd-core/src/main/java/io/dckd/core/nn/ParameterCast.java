package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.dckd.core.config.Precision;
import java.lang.reflect.Field;
import java.util.Collection;

/**
 * Replaces the arrays of frozen parameters by copies in another format, once (the old arrays are
 * closed, so nothing is held twice).
 *
 * <p>Why reflection: DJL's {@link Parameter#setArray} refuses a parameter whose shape is set (every
 * initialised one), and {@link NDArray#intern} keeps the PyTorch array's cached dtype, so the swapped
 * array would report fp32 while holding bf16. Callers must drop any {@code ParameterStore} that
 * cached the old arrays.
 */
public final class ParameterCast {

    private static final Field ARRAY = arrayField();

    private ParameterCast() {}

    /** Casts every parameter in {@code params} to {@code p} (nothing for fp32 ones when {@code p} is fp32). */
    public static void cast(Collection<Parameter> params, Precision p) {
        for (Parameter par : params) {
            NDArray old = par.getArray();
            NDArray cast = Casts.to(old, p);
            if (cast != old) {
                replace(par, cast);
            }
        }
    }

    /**
     * Gives {@code target} a copy of {@code source} (same shape) in {@code p}, owned by {@code owner};
     * the target's previous array is closed.
     */
    public static void castInto(Parameter target, NDArray source, Precision p, NDManager owner) {
        NDArray cast = Casts.to(source, p);
        if (cast == source) {
            cast = source.duplicate();
        }
        cast.attach(owner);
        replace(target, cast);
    }

    private static void replace(Parameter par, NDArray array) {
        NDArray old = par.getArray();
        try {
            ARRAY.set(par, array);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot replace the array of parameter " + par.getName(), e);
        }
        old.close();
    }

    private static Field arrayField() {
        try {
            Field f = Parameter.class.getDeclaredField("array");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
