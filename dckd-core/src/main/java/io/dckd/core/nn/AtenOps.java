package io.dckd.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fused ATen kernels that DJL's PyTorch engine does not expose: {@code torch.group_norm} (optionally
 * followed by {@code silu}), {@code torch.silu}, and the multi-tensor ({@code _foreach_})
 * forms of Adam, the weight EMA and the gradient finiteness check.
 *
 * <p>Why: written with DJL's ops, GroupNorm + swish is seven passes over the activation (statistics,
 * normalise, scale, shift, sigmoid, multiply) and five allocations; the native kernels do it in three
 * passes and one allocation. In the VQGAN encoder, which runs on every image of a DCKD step, that was
 * most of the encoder's time (the convolutions are small). And an optimiser written with DJL's ops
 * makes ten native calls per parameter tensor (274 in rcan-t): the call overhead cost more than the
 * arithmetic; the {@code _foreach_} kernels make one call for all of them.
 *
 * <p>How: the ops are the methods of a TorchScript module whose source is below. This class writes the
 * module's archive itself (source text, a 40-byte pickle of its one attribute, no tensors), loads it
 * with DJL's {@code PtSymbolBlock.loadModule} and runs its methods with the engine's
 * {@code moduleRunMethod} in the caller's gradient mode, so autograd records the native ops as it does
 * any other (DJL's public {@code runMethod} would force inference mode). Everything is reached by
 * reflection: the core stays engine-agnostic, and with any other engine, or with
 * {@code -Ddckd.aten.ops=false}, {@link #available()} is false and callers use their DJL formulas.
 */
public final class AtenOps {

    private static final Logger LOG = LoggerFactory.getLogger(AtenOps.class);

    private static final Object LOCK = new Object();
    private static volatile Impl impl;
    private static volatile boolean tried;

    private AtenOps() {}

    /** True when the fused kernels can run (PyTorch engine, not switched off). */
    public static boolean available() {
        if (!tried) {
            synchronized (LOCK) {
                if (!tried) {
                    impl = load();
                    tried = true;
                }
            }
        }
        return impl != null;
    }

    /**
     * True when a backward pass may reach {@code x}: autograd is recording (grad mode) and {@code x}
     * requires a gradient, also as an intermediate result of the graph (DJL's {@code hasGradient()}
     * is false for those). Without the fused ops (another engine, or switched off): true, so callers
     * take their safe path.
     */
    public static boolean gradientReaches(NDArray x) {
        return !available() || impl.gradientReaches(x);
    }

    /** {@code torch.silu(x)}; call only when {@link #available()}. */
    public static NDArray silu(NDArray x) {
        return (NDArray) impl.run("silu", x);
    }

    /**
     * One step of {@code torch.optim.Adam} on all tensors at once, in place on {@code params}, {@code m}
     * and {@code v}: p ← p·decoupledFactor; g' = g + weightDecay·p; m ← β1·m + (1−β1)·g';
     * v ← β2·v + (1−β2)·g'²; p ← p − stepSize·m / (√v / sqrtBc2 + eps). Call only when {@link #available()}.
     */
    public static void adam(List<NDArray> params, List<NDArray> grads, List<NDArray> m, List<NDArray> v, double beta1,
                            double beta2, double stepSize, double sqrtBc2, double eps, double weightDecay,
                            double decoupledFactor) {
        impl.run("adam", params, grads, m, v, beta1, beta2, stepSize, sqrtBc2, eps, weightDecay, decoupledFactor);
    }

    /** target ← decay·target + (1−decay)·source, tensor by tensor, in place. Call only when {@link #available()}. */
    public static void ema(List<NDArray> target, List<NDArray> source, double decay) {
        impl.run("ema", target, source, decay);
    }

    /** Sets every tensor to zero, in place. Call only when {@link #available()}. */
    public static void zero(List<NDArray> tensors) {
        impl.run("zero", tensors);
    }

    /** Index of the first tensor with a NaN or infinity, or −1. Call only when {@link #available()}. */
    public static int firstNonFinite(List<NDArray> tensors) {
        return ((Long) impl.run("first_non_finite", tensors)).intValue();
    }

    /**
     * The largest |value| over all {@code tensors} (one {@code _foreach_norm(ord=inf)} and a max):
     * NaN when any value is NaN, +Inf when any is infinite. Call only when {@link #available()}.
     */
    public static double maxAbs(List<NDArray> tensors) {
        try (NDArray r = (NDArray) impl.run("max_abs", tensors)) {
            return r.getFloat();
        }
    }

    /**
     * {@code torch.group_norm(x, groups, weight, bias, eps)}, then {@code silu} when {@code thenSilu};
     * call only when {@link #available()}. The result belongs to the manager of {@code x}.
     */
    public static NDArray groupNorm(NDArray x, int groups, NDArray weight, NDArray bias, double eps, boolean thenSilu) {
        return (NDArray) impl.run("group_norm", x, groups, weight, bias, eps, thenSilu);
    }

    /**
     * {@code x.to(dtype)} for {@code dtype} one of {@code bf16}, {@code fp16}, {@code fp32} (the method
     * names {@code to_<dtype>} of the module): DJL 0.36's JNI has no bfloat16 in its dtype table, so
     * its own {@code toType(BFLOAT16)} aborts the process; libtorch casts here. The result belongs to
     * the manager of {@code x}; call only when {@link #available()}.
     */
    public static NDArray cast(NDArray x, String dtype) {
        return (NDArray) impl.run("to_" + dtype, x);
    }

    /** {@code x.type_as(like)}: {@code x} in {@code like}'s dtype, also one DJL cannot name (bf16). Call only when {@link #available()}. */
    public static NDArray typeAs(NDArray x, NDArray like) {
        return (NDArray) impl.run("type_as", x, like);
    }

    private static Impl load() {
        if (!Boolean.parseBoolean(System.getProperty("dckd.aten.ops", "true"))) {
            return null;
        }
        try {
            if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
                return null;
            }
            return new Impl();
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("fused ATen ops unavailable ({}); using DJL's element-wise formulas", cause.toString());
            return null;
        }
    }

    /** The loaded module and the engine entry points it is run with. */
    private static final class Impl {
        private final Object module;
        private final long moduleHandle;
        private final Object library;
        private final Method runMethod;
        private final Method setOptimize;
        private final Class<?> ptArray;
        private final Class<?> ptManager;
        private final Method fromTensor;
        private final Method fromLong;
        private final Method fromDouble;
        private final Method fromBoolean;
        private final Method handle;
        private final Method close;
        private final Method toTensor;
        private final Method isTensor;
        private final Method toLong;
        private final Method listFrom;
        private final Method isGradMode;
        private final Method requiresGrad;
        private final Constructor<?> ivalue;

        Impl() throws ReflectiveOperationException, IOException {
            ClassLoader cl = Engine.getInstance().getClass().getClassLoader();
            ptArray = Class.forName("ai.djl.pytorch.engine.PtNDArray", true, cl);
            ptManager = Class.forName("ai.djl.pytorch.engine.PtNDManager", true, cl);
            Class<?> block = Class.forName("ai.djl.pytorch.engine.PtSymbolBlock", true, cl);
            Class<?> iv = Class.forName("ai.djl.pytorch.jni.IValue", true, cl);
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary", true, cl);
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils", true, cl);
            // a manager that lives as long as the process: it owns only the (tensor-free) module
            NDManager owner = NDManager.newBaseManager();
            try (InputStream in = new ByteArrayInputStream(DckdOpsArchive.zip())) {
                module = jni.getMethod("loadModule", ptManager, InputStream.class, boolean.class, boolean.class)
                        .invoke(null, owner, in, false, false);
            }
            moduleHandle = (Long) block.getMethod("getHandle").invoke(module);
            Field libField = lib.getDeclaredField("LIB");
            libField.setAccessible(true);
            library = libField.get(null);
            runMethod = lib.getDeclaredMethod("moduleRunMethod", long.class, String.class, long[].class, boolean.class, boolean.class);
            runMethod.setAccessible(true);
            setOptimize = jni.getMethod("setGraphExecutorOptimize", boolean.class);
            fromTensor = iv.getMethod("from", ptArray);
            fromLong = iv.getMethod("from", long.class);
            fromDouble = iv.getMethod("from", double.class);
            fromBoolean = iv.getMethod("from", boolean.class);
            handle = iv.getMethod("getHandle");
            close = iv.getMethod("close");
            toTensor = iv.getMethod("toTensor", ptManager);
            isTensor = iv.getMethod("isTensor");
            toLong = iv.getMethod("toLong");
            listFrom = iv.getMethod("listFrom", ptArray.arrayType());
            isGradMode = jni.getMethod("isGradMode");
            requiresGrad = jni.getMethod("requiresGrad", ptArray);
            ivalue = iv.getDeclaredConstructor(long.class);
            ivalue.setAccessible(true);
            LOG.debug("fused ATen ops loaded");
        }

        boolean gradientReaches(NDArray x) {
            try {
                return (Boolean) isGradMode.invoke(null) && (Boolean) requiresGrad.invoke(null, x);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("libtorch's grad mode cannot be read", e);
            }
        }

        /** Runs {@code method}; a tensor result belongs to the manager of the first array argument. */
        Object run(String method, Object... args) {
            Object[] values = new Object[args.length];
            try {
                long[] ptrs = new long[args.length];
                for (int i = 0; i < args.length; i++) {
                    values[i] = ivalueOf(args[i]);
                    ptrs[i] = (Long) handle.invoke(values[i]);
                }
                // no graph-executor optimisation: the methods are single ops, and profiling runs
                // would re-specialise them for every activation shape
                setOptimize.invoke(null, false);
                long out = (Long) runMethod.invoke(library, moduleHandle, method, ptrs, true, false);
                Object result = ivalue.newInstance(out);
                try {
                    if ((Boolean) isTensor.invoke(result)) {
                        return toTensor.invoke(result, managerOf(args));
                    }
                    return toLong.invoke(result);
                } finally {
                    close.invoke(result);
                }
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("aten " + method + " failed", cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("aten " + method + " failed", e);
            } finally {
                for (Object v : values) {
                    if (v != null) {
                        try {
                            close.invoke(v);
                        } catch (ReflectiveOperationException ignored) {
                            // closing a handle we created cannot fail short of a broken engine
                        }
                    }
                }
            }
        }

        private NDManager managerOf(Object[] args) {
            for (Object a : args) {
                if (a instanceof List<?> list && !list.isEmpty()) {
                    a = list.get(0);
                }
                if (a instanceof NDArray x) {
                    NDManager manager = x.getManager();
                    if (!ptManager.isInstance(manager)) {
                        throw new IllegalStateException("AtenOps needs PyTorch arrays, got " + manager.getClass().getName());
                    }
                    return manager;
                }
            }
            throw new IllegalStateException("no array argument");
        }

        private Object ivalueOf(Object a) throws ReflectiveOperationException {
            if (a instanceof NDArray) {
                return fromTensor.invoke(null, pt(a));
            }
            if (a instanceof List<?> list) {
                Object arr = Array.newInstance(ptArray, list.size());
                for (int i = 0; i < list.size(); i++) {
                    Array.set(arr, i, pt(list.get(i)));
                }
                return listFrom.invoke(null, arr);
            }
            if (a instanceof Integer || a instanceof Long) {
                return fromLong.invoke(null, ((Number) a).longValue());
            }
            if (a instanceof Double || a instanceof Float) {
                return fromDouble.invoke(null, ((Number) a).doubleValue());
            }
            if (a instanceof Boolean) {
                return fromBoolean.invoke(null, a);
            }
            throw new IllegalArgumentException("unsupported argument " + a);
        }

        private Object pt(Object a) {
            if (!ptArray.isInstance(a)) {
                throw new IllegalStateException("AtenOps needs PyTorch arrays, got " + a.getClass().getName());
            }
            return a;
        }
    }
}
