package io.dckd.c10d;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * One libtorch for DJL and c10d in this process: loads the libtorch of {@code org.bytedeco:pytorch}
 * (which carries c10d and Gloo), points DJL's PyTorch engine at that same copy (DJL accepts an
 * external libtorch: {@code PYTORCH_LIBRARY_PATH} with {@code PYTORCH_VERSION} and
 * {@code PYTORCH_FLAVOR}, as environment variables or system properties), then loads dckd's c10d bridge.
 *
 * <p>Call {@link #load()} before anything touches DJL's engine: once DJL has loaded its own libtorch,
 * a second copy in the process would register every operator twice, and DJL's tensors would not be
 * c10d's. {@link #load()} checks where DJL's libtorch came from and refuses a mismatch.
 */
public final class C10d {

    /** The libtorch version of both {@code org.bytedeco:pytorch} 2.7.1-1.5.12 and DJL's pytorch-jni. */
    public static final String PYTORCH_VERSION = "2.7.1";

    private static Path libTorchDir;

    private C10d() {}

    /** Loads libtorch, DJL's engine on it and the bridge, once; returns libtorch's folder. */
    public static synchronized Path load() {
        if (libTorchDir != null) {
            return libTorchDir;
        }
        Path jni = Path.of(Loader.load(torch.class));                 // libjnitorch.so, next to libtorch_cpu.so
        Path dir = jni.getParent().toAbsolutePath();
        System.setProperty("PYTORCH_LIBRARY_PATH", dir.toString());    // DJL reads the environment, then these properties
        System.setProperty("PYTORCH_VERSION", PYTORCH_VERSION);
        System.setProperty("PYTORCH_FLAVOR", "cpu");
        Engine engine = Engine.getEngine("PyTorch");
        Path djl = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()).toAbsolutePath();
        if (!djl.equals(dir)) {
            throw new IllegalStateException("DJL's PyTorch engine (" + engine.getVersion() + ") runs on the libtorch in "
                    + djl + ", not on c10d's in " + dir + ": call C10d.load() before the first use of DJL"
                    + " (and leave the environment variable PYTORCH_LIBRARY_PATH unset)");
        }
        System.load(extractBridge(dir).toString());
        libTorchDir = dir;
        return dir;
    }

    private static Path extractBridge(Path dir) {
        String name = "libdckd_c10d.so";
        String resource = "/io/dckd/c10d/linux-x86_64/" + name;
        try (InputStream in = C10d.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the c10d bridge " + resource + " is not in dckd-c10d's jar"
                        + " (it is built with g++ on linux-x86_64; see dckd-plugins/c10d/README.md)");
            }
            Path tmp = Files.createTempFile("dckd_c10d", ".so");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            tmp.toFile().deleteOnExit();
            return tmp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the c10d bridge to a temporary file: " + e.getMessage(), e);
        }
    }
}
