/** The dckd command line: plugin bootstrap, one Guice injector, config loading, commands. */
module io.dckd.launcher {
    requires io.dckd.core;
    requires io.dckd.tasks;
    requires io.dckd.backbones;
    requires info.picocli;
    requires ai.djl.pytorch_engine;
    requires org.slf4j;
    requires org.knowm.xchart;
    requires jdk.unsupported;
    requires com.sun.jna;
    requires java.management;

    // dckd train --nproc: the data-parallel backend (dckd-c10d, optional, on the ranks' class path)
    uses io.dckd.core.parallel.DataParallelBackend;

    opens io.dckd.launcher to info.picocli;
    opens io.dckd.launcher.cmd to info.picocli;
}
