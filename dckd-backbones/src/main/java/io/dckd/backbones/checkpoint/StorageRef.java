package io.dckd.backbones.checkpoint;

/**
 * A storage named by a torch.save persistent id {@code ('storage', torch.FloatStorage, key,
 * location, numel)}: its bytes are the archive entry {@code <root>/data/<key>}, read only when a
 * selected tensor needs them.
 */
record StorageRef(TensorDType dtype, String key, String location, long numel) {

    /** Bytes the storage must hold. */
    long nbytes() {
        return numel * dtype.bytes();
    }

    @Override
    public String toString() {
        return "storage " + key + " (" + dtype.safetensorsName() + " x " + numel + ")";
    }
}
