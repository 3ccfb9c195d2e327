package io.dckd.backbones.checkpoint;

/**
 * A pickle that asks for behaviour outside the {@link RestrictedUnpickler}'s allowlist: a
 * dangerous global ({@code os.system}, {@code builtins.eval}, ...), an object-building opcode
 * ({@code INST}, {@code OBJ}) or a non-allowlisted callable where a tensor is needed. Nothing is
 * ever executed; the file is refused.
 */
public class UnsafePickleException extends CheckpointFormatException {

    private static final long serialVersionUID = 1L;

    /** An error with a complete message naming the offending global or opcode. */
    public UnsafePickleException(String message) {
        super(message);
    }
}
