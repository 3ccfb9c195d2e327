package io.dckd.launcher;

import com.typesafe.config.ConfigException;
import io.dckd.core.pipeline.RunPlan;
import io.dckd.core.train.RunInterruptedException;
import io.dckd.core.train.RunLock;
import io.dckd.core.train.TrainingStoppedException;
import io.dckd.launcher.cmd.BackbonesCommand;
import io.dckd.launcher.cmd.BenchCommand;
import io.dckd.launcher.cmd.CompareCommand;
import io.dckd.launcher.cmd.ConfigCommand;
import io.dckd.launcher.cmd.EvalCommand;
import io.dckd.launcher.cmd.ExportCommand;
import io.dckd.launcher.cmd.MetricsCommand;
import io.dckd.launcher.cmd.PluginsCommand;
import io.dckd.launcher.cmd.PrepareCommand;
import io.dckd.launcher.cmd.RestoreCommand;
import io.dckd.launcher.cmd.TrainCommand;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.BadImagesException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dckd} command line. Exit codes: 0 ok, 1 failure, 2 usage or configuration error. */
@Command(name = "dckd", mixinStandardHelpOptions = true, versionProvider = Dckd.VersionProvider.class,
        description = "Train small, fast image-restoration networks by Dynamic Contrastive Knowledge Distillation.",
        subcommands = {TrainCommand.class, CompareCommand.class, EvalCommand.class, RestoreCommand.class, ExportCommand.class, PluginsCommand.class,
                ConfigCommand.class, BackbonesCommand.class, BenchCommand.class, PrepareCommand.class,
                MetricsCommand.class, CommandLine.HelpCommand.class})
public final class Dckd implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with dckd's exit-code mapping. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Dckd());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> exitCode(ex, commandLine.getErr()));
        return cl;
    }

    /** Reports a command's failure on {@code err} and returns its exit code: 2 for a usage or config problem, else 1. */
    private static int exitCode(Exception ex, PrintWriter err) {
        if (ex instanceof ConfigException) {
            return report(err, "configuration error: " + ex.getMessage(), ex, 2);
        }
        if (ex instanceof TrainingStoppedException) {
            return report(err, "training stopped: " + ex.getMessage(), ex, 1);
        }
        if (ex instanceof RunInterruptedException stop) {
            err.println("dckd: " + stop.getMessage());
            return stop.exitCode();
        }
        if (ex instanceof RunLock.RunDirectoryInUseException || ex instanceof RunPlan.Refused) {
            err.println("dckd: " + ex.getMessage());
            return 2;
        }
        if (ex instanceof BadImageException || ex instanceof BadImagesException) {
            // a truncated or corrupt input image: the message names the file(s) and what is wrong
            return report(err, ex.getMessage(), ex, 1);
        }
        if (ex instanceof UsageException) {
            err.println("dckd: " + ex.getMessage());
            return 2;
        }
        int code = report(err, ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex, 1);
        if (System.getenv("DCKD_DEBUG") == null) {
            err.println("(set DCKD_DEBUG=1 for the stack trace)");
        }
        return code;
    }

    /** Prints {@code message}, and the stack trace when DCKD_DEBUG is set; returns {@code code}. */
    private static int report(PrintWriter err, String message, Exception ex, int code) {
        err.println("dckd: " + message);
        if (System.getenv("DCKD_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return code;
    }

    public static void main(String[] args) {
        try {
            RankProcess.prepare(); // a rank of dckd train --nproc: c10d's libtorch before DJL's
        } catch (RuntimeException | LinkageError e) {
            System.err.println("dckd: rank " + System.getProperty("dckd.rank") + " cannot start its data-parallel backend: " + e);
            System.exit(1);
        }
        SignalStop.install(System.err);
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** A usage problem found after parsing (exit code 2). */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dckd " + Version.current()};
        }
    }
}
