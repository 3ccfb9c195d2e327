package io.dckd.launcher;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns libtorch's NNPACK convolution path off, as {@code torch.backends.nnpack.set_flags(False)} does.
 *
 * <p>Why: on CPUs where NNPACK cannot start ("Unsupported hardware", e.g. the 2-core machines dckd is
 * tested on), libtorch asks for it on every small convolution that oneDNN declines (RCAN's channel
 * attention on a 1x1 map, at every validation image) and prints "Could not initialize NNPACK!" each
 * time: 136 lines over one short run, written by native code over the progress bar. NNPACK is only
 * ever a candidate for CPU convolutions with a batch of 16 or more, which oneDNN serves too.
 *
 * <p>DJL does not expose the switch; this calls libtorch's own {@code at::globalContext()
 * .setUserEnabledNNPACK(false)} through JNA in the libtorch_cpu that the process loaded (found in
 * {@code /proc/self/maps}). Where that is not possible (another OS, symbols renamed in another
 * libtorch) nothing changes but the warnings.
 */
final class Nnpack {

    private static final String CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String ENABLED = "_ZNK2at7Context17userEnabledNNPACKEv";

    private static boolean done;

    private Nnpack() {}

    /** Disables NNPACK once per process; returns whether libtorch now reports it disabled. */
    static synchronized boolean disable() {
        if (done) {
            return true;
        }
        Optional<Path> lib = loadedLibTorchCpu();
        if (lib.isEmpty()) {
            return false;
        }
        try {
            NativeLibrary torch = NativeLibrary.getInstance(lib.get().toString());
            Pointer context = torch.getFunction(CONTEXT).invokePointer(new Object[0]);
            torch.getFunction(SET_ENABLED).invokeVoid(new Object[] {context, Boolean.FALSE});
            Function enabled = torch.getFunction(ENABLED);
            done = enabled.invokeInt(new Object[] {context}) == 0;
            return done;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** The libtorch_cpu shared library mapped into this process, if the engine has loaded one. */
    static Optional<Path> loadedLibTorchCpu() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')).trim())
                    .filter(p -> Path.of(p.isEmpty() ? "." : p).getFileName().toString().startsWith("libtorch_cpu.so"))
                    .findFirst().map(Path::of);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
