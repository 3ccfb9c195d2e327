/** dckd tasks: image IO, degradations (bicubic, blur, noise, rain), datasets, PSNR/SSIM, task wiring. */
module io.dckd.tasks {
    requires transitive io.dckd.core;
    requires org.slf4j;

    exports io.dckd.tasks.io;
    exports io.dckd.tasks.metrics;
    exports io.dckd.tasks.resize;
    exports io.dckd.tasks.degrade;
    exports io.dckd.tasks.data;
    exports io.dckd.tasks.task;
    exports io.dckd.tasks.tools;
    exports io.dckd.tasks.config;

    provides io.dckd.core.spi.Metric with io.dckd.tasks.metrics.PsnrMetric, io.dckd.tasks.metrics.SsimMetric;
    provides io.dckd.core.spi.Task with io.dckd.tasks.task.SrTask, io.dckd.tasks.task.DeblurTask,
            io.dckd.tasks.task.DerainTask, io.dckd.tasks.task.DenoiseTask;
}
