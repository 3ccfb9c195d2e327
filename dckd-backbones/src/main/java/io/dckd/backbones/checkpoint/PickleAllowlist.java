package io.dckd.backbones.checkpoint;

import java.util.Set;

/**
 * Which pickled globals {@link RestrictedUnpickler} accepts, and how.
 *
 * <ul>
 *   <li><b>Allowed</b> (given a meaning in Java, nothing executed): {@code collections.OrderedDict},
 *       the builtin containers, {@code _codecs.encode} (latin-1 bytes of protocol-2 pickles), the
 *       {@code torch.*Storage} type markers of persistent ids, {@code torch._utils._rebuild_tensor},
 *       {@code _rebuild_tensor_v2}, {@code _rebuild_parameter},
 *       {@code _rebuild_parameter_with_state}, {@code torch._tensor._rebuild_from_type_v2} with
 *       {@code torch.Tensor} / {@code torch.nn.parameter.Parameter}.
 *   <li><b>Denied</b> (the file is refused at the GLOBAL opcode): modules that run code, touch the
 *       OS, import or pickle ({@code os}, {@code posix}, {@code subprocess}, {@code builtins} beyond
 *       the containers, {@code importlib}, {@code operator}, {@code functools}, ...).
 *   <li><b>Other</b> globals become inert {@link Py.Opaque} values when opaque globals are enabled
 *       (for example a Lightning {@code hyper_parameters} object), and are refused otherwise.
 * </ul>
 */
final class PickleAllowlist {

    private PickleAllowlist() {}

    static final Set<String> CALLABLES = Set.of(
            "collections.OrderedDict",
            "builtins.dict", "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset",
            "__builtin__.set", "__builtin__.frozenset",
            "_codecs.encode",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
            "torch._tensor._rebuild_from_type_v2");

    static final Set<String> MARKERS = Set.of("torch.Tensor", "torch.nn.parameter.Parameter");

    private static final Set<String> DENIED_MODULES = Set.of(
            "os", "posix", "nt", "posixpath", "ntpath", "subprocess", "sys", "builtins", "__builtin__", "__builtins__",
            "importlib", "imp", "runpy", "pkgutil", "shutil", "socket", "ctypes", "pickle", "_pickle", "cPickle",
            "marshal", "dill", "code", "codeop", "pty", "commands", "webbrowser", "multiprocessing", "threading",
            "_thread", "asyncio", "signal", "pdb", "bdb", "timeit", "platform", "tempfile", "io", "_io", "operator",
            "functools", "types", "inspect", "gc", "pip", "setuptools", "distutils", "eval", "exec", "numpy.testing",
            "torch.hub", "torch.load", "torch.serialization", "torch.jit", "torch._C", "torch.ops", "torch._ops",
            "torch.package", "torch.utils.cpp_extension", "http", "urllib", "ftplib", "smtplib", "telnetlib", "glob",
            "pathlib", "zipimport", "linecache", "_posixsubprocess", "_osx_support", "_winapi", "msvcrt", "winreg");

    /** Whether {@code g} has an allowlisted meaning: a callable, a marker or a storage type. */
    static boolean allowed(Py.Global g) {
        String full = g.toString();
        return CALLABLES.contains(full) || MARKERS.contains(full) || TensorDType.fromStorageClass(g.module(), g.name()) != null;
    }

    /** Whether {@code g} names code execution, OS access, imports or serialisation. */
    static boolean denied(Py.Global g) {
        if (allowed(g)) {
            return false;
        }
        String module = g.module();
        for (String d : DENIED_MODULES) {
            if (module.equals(d) || module.startsWith(d + ".")) {
                return true;
            }
        }
        // a dangerous name in any module (e.g. a re-export of eval or system)
        return Set.of("eval", "exec", "system", "popen", "execfile", "compile", "__import__", "getattr", "setattr",
                "delattr", "open", "spawn", "call", "check_output", "run", "Popen", "apply", "load", "loads").contains(g.name());
    }
}
