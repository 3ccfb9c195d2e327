package io.dckd.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.Precision;
import io.dckd.core.infer.Footprint;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.infer.PaddedForward;
import io.dckd.core.infer.ReceptiveField;
import io.dckd.core.nn.AtenOps;
import io.dckd.core.nn.CastingParameterStore;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.ParameterCast;
import io.dckd.core.nn.Overwrite;
import io.dckd.core.nn.Scoped;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instantiated network: a {@link Backbone} with its own parameter manager. Trainable networks
 * record gradients for their parameters; frozen ones (teacher, EMA, history, encoder) never do.
 */
public final class Network implements ImageModel, AutoCloseable {

    private final String role;
    /** Architectures whose frozen forward runs in bf16 in the tests (FrozenPrecisionTest, FrozenPrecisionFlowTest). */
    static final List<String> BF16_CHECKED = List.of("EDSR", "RCAN", "SwinIR");

    private final Backbone backbone;
    private final NDManager manager;
    private ParameterStore store;
    private final Map<String, Parameter> parameters;
    private final boolean trainable;
    private Precision precision = Precision.FP32;
    /** Architectures trained in bf16 by the tests (StudentBf16Test); a bf16 student of another is refused. */
    static final List<String> BF16_STUDENT_CHECKED = List.of("EDSR", "RCAN", "SwinIR");
    private ParameterStore trainingStore;
    private Precision trainingPrecision = Precision.FP32;

    private Network(String role, Backbone backbone, NDManager manager, boolean trainable) {
        this.role = role;
        this.backbone = backbone;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.parameters = TorchNames.parameters(backbone.block());
        this.trainable = trainable;
    }

    /**
     * Initialises {@code backbone} on {@code device} with PyTorch's default initialisation from
     * {@code seed}.
     *
     * @param probeSize an input side length valid for the architecture (used to infer shapes)
     */
    public static Network create(String role, Backbone backbone, Device device, long seed, boolean trainable, int probeSize) {
        NDManager manager = NDManager.newBaseManager(device);
        manager.setName(role);
        int side = Math.max(probeSize, backbone.sizeMultiple());
        side = ((side + backbone.sizeMultiple() - 1) / backbone.sizeMultiple()) * backbone.sizeMultiple();
        backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
        backbone.initializeWeights(seed);
        Network n = new Network(role, backbone, manager, trainable);
        for (Parameter p : n.parameters.values()) {
            p.getArray().setRequiresGradient(trainable);
        }
        return n;
    }

    /** "student", "teacher", "ema", ... */
    public String role() {
        return role;
    }

    public Backbone backbone() {
        return backbone;
    }

    /** The manager that owns the parameters. */
    @Override
    public NDManager manager() {
        return manager;
    }

    /** Parameters by PyTorch name. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return TorchNames.count(backbone.block());
    }

    /** True if this network's parameters get gradients. */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Runs the network on {@code x}, whose size must already be a multiple of
     * {@link Backbone#sizeMultiple()}. The result belongs to {@code x}'s manager.
     */
    public NDArray forward(NDArray x, boolean training) {
        StopRequest.check(); // a pending Ctrl-C stops here, between native ops, never inside one
        // intermediates are freed when the pass returns (not at the end of the step)
        return Scoped.keepOne(() -> pass(x, training, false).get(0));
    }

    /**
     * Runs the network on {@code x} and returns every output: the restored batch first, then the
     * feature taps the backbone declares ({@link Backbone#featureTaps()}), in order. The results
     * belong to {@code x}'s manager.
     */
    public NDList forwardAll(NDArray x, boolean training) {
        StopRequest.check();
        return Scoped.keep(() -> pass(x, training, true));
    }

    /**
     * One pass in this network's format: a training pass of a mixed-precision network ({@link #trainIn})
     * through the casting store, any pass of a cast frozen network ({@link #castFrozen}) on its cast
     * weights; the input cast to that format, the outputs ({@code all} of them, or the first) back to fp32.
     */
    private NDList pass(NDArray x, boolean training, boolean all) {
        boolean mixed = training && trainingStore != null;
        Precision p = mixed ? trainingPrecision : precision;
        NDList out = backbone.block().forward(mixed ? trainingStore : store, new NDList(Casts.to(x, p)), training);
        if (p == Precision.FP32) {
            return out;
        }
        NDList fp32 = new NDList();
        for (int i = 0; i < (all ? out.size() : 1); i++) {
            fp32.add(Casts.toFloat32(out.get(i)));
        }
        return fp32;
    }

    /**
     * Makes this frozen network compute in {@code p}: its weights are cast once (the fp32 arrays are
     * freed), each forward casts its input to {@code p} and its outputs back to fp32. Refused for a
     * trainable network (its master weights and Adam state must stay fp32). Call before the first
     * forward; afterwards {@link #copyFrom} and {@link #load} are refused, and new weights come in
     * through {@link #castFrom} (from an fp32 network).
     */
    public void castFrozen(Precision p) {
        if (trainable) {
            throw new IllegalStateException(role + " is trainable: only frozen networks are cast");
        }
        if (p == Precision.BF16 && !BF16_CHECKED.contains(backbone.type())) {
            // DJL 0.36 cannot name bfloat16: one unrouted op on a bf16 array aborts the JVM, so only
            // architectures whose forward was run in bf16 by the tests are allowed
            throw new ConfigProblem(Precision.FROZEN + " = bf16: the " + role + " (" + backbone.type() + ") has not been checked in bf16;"
                    + " checked: " + BF16_CHECKED + ". Use fp16 or fp32");
        }
        ParameterCast.cast(parameters.values(), p);
        store = new ParameterStore(manager, false);
        precision = p;
    }

    /**
     * Makes this trainable network's training forwards compute in {@code p} (bf16) with its fp32
     * weights as masters ({@code precision.student}): each pass casts its input and, through a
     * {@link CastingParameterStore}, every weight it reads, and casts its outputs back to fp32, so the
     * losses, the gradients that reach the parameters, Adam, the EMA and the checkpoints stay fp32.
     * Inference forwards (validation, export) run in fp32. fp32 is a no-op.
     */
    public void trainIn(Precision p) {
        if (p == Precision.FP32) {
            return;
        }
        if (!trainable) {
            throw new IllegalStateException(role + " is frozen: castFrozen sets its precision");
        }
        requireTrainableIn(backbone.type(), p, role);
        if (!AtenOps.available()) {
            throw new ConfigProblem(Precision.STUDENT + " = bf16 needs the PyTorch engine's casts (io.dckd.core.nn.AtenOps), which are off here");
        }
        trainingStore = new CastingParameterStore(manager, p);
        trainingPrecision = p;
    }

    /**
     * Refuses ({@link ConfigProblem}) training architecture {@code type} in {@code p}: fp32 always
     * passes; bf16 only for the architectures the tests train in bf16 ({@code role} names the network
     * in the message). Also checked before a run starts, so a refused one leaves no run directory.
     */
    public static void requireTrainableIn(String type, Precision p, String role) {
        if (p == Precision.FP32) {
            return;
        }
        if (p != Precision.BF16) {
            throw new ConfigProblem(Precision.STUDENT + " = " + p.label() + ": a trained network computes in fp32 or bf16");
        }
        if (!BF16_STUDENT_CHECKED.contains(type)) {
            // as for castFrozen: an unchecked architecture may reach a DJL op that cannot name bf16 and abort
            throw new ConfigProblem(Precision.STUDENT + " = bf16: the " + role + " (" + type + ") has not been checked in bf16"
                    + " training; checked: " + BF16_STUDENT_CHECKED + ". Use fp32");
        }
    }

    /** The format this network's training forwards compute in (fp32 unless {@link #trainIn} changed it). */
    public Precision trainingPrecision() {
        return trainingPrecision;
    }

    /**
     * Writes {@code master}'s weights (same architecture, fp32) into this network cast to its
     * {@link #precision()}: the history model's cast copy after each refresh of its fp32 master.
     */
    public void castFrom(Network master) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            ParameterCast.castInto(e.getValue(), master.parameters.get(e.getKey()).getArray(), precision, manager);
        }
        store = new ParameterStore(manager, false);
    }

    /**
     * Weight writes that convert to this network's dtype are refused once it is cast: DJL would pass a
     * bf16 dtype it cannot name to native code, which aborts the process (see {@link Casts}).
     */
    private void requireFloat32(String what) {
        if (precision != Precision.FP32) {
            throw new IllegalStateException(what + " into " + role + ", which computes in " + precision.label()
                    + ": write the fp32 weights, then castFrom");
        }
    }

    /** The format this network computes in (fp32 unless {@link #castFrozen} changed it). */
    public Precision precision() {
        return precision;
    }

    /**
     * Peak bytes of the arrays alive during an inference forward of {@code x} ({@code x} itself, the
     * output, and the intermediates: all of them when the pass frees only as it returns, one block's
     * where the backbone's chains free block by block through {@link Scoped#link}). For memory
     * estimates ({@link io.dckd.core.infer.Footprint}); {@code x} should have a manager of its own.
     */
    public long forwardLiveBytes(NDArray x) {
        try (NDScope scope = new NDScope()) {
            return Scoped.peakLiveBytes(x.getManager(), () -> backbone.block().forward(store, new NDList(x), false));
        }
    }

    /**
     * Inference on any size: reflect-pads bottom/right to the size multiple and crops the output
     * ({@link PaddedForward}), as BasicSR's test does for SwinIR. No gradient is recorded.
     */
    @Override
    public NDArray infer(NDArray x) {
        return PaddedForward.run(x, backbone.sizeMultiple(), backbone.scale(), in -> forward(in, false));
    }

    @Override
    public int scale() {
        return backbone.scale();
    }

    @Override
    public int alignment() {
        return ReceptiveField.alignment(backbone);
    }

    @Override
    public int radius() {
        return ReceptiveField.radius(backbone);
    }

    /** Measured by two probe forwards ({@link Footprint#measure}). */
    @Override
    public Footprint footprint() {
        return Footprint.measure(this);
    }

    /** Copies every parameter of {@code other} (same architecture) into this network. */
    public void copyFrom(Network other) {
        requireFloat32("copyFrom");
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray src = other.parameters.get(e.getKey()).getArray();
            Overwrite.with(e.getValue().getArray(), src);
        }
    }

    /** Loads a state dict (strictly or not); returns unused keys. */
    public List<String> load(Map<String, NDArray> dict, boolean strict, String source) {
        requireFloat32("load");
        return StateDict.load(backbone.block(), dict, strict, source);
    }

    /** The state dict (shared arrays; copy before closing this network). */
    public Map<String, NDArray> stateDict() {
        return StateDict.of(backbone.block());
    }

    /** Zeroes the gradients (NaN-safe: assignment, not arithmetic). */
    public void zeroGradients() {
        if (AtenOps.available()) {
            List<NDArray> grads = new ArrayList<>();
            try {
                for (Parameter p : parameters.values()) {
                    NDArray a = p.getArray();
                    if (a.hasGradient()) {
                        grads.add(a.getGradient());
                    }
                }
                if (!grads.isEmpty()) {
                    AtenOps.zero(grads);
                }
            } finally {
                grads.forEach(NDArray::close);
            }
            return;
        }
        for (Parameter p : parameters.values()) {
            NDArray a = p.getArray();
            if (a.hasGradient()) {
                try (NDArray g = a.getGradient()) {
                    g.set(new NDIndex("..."), 0f);
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
