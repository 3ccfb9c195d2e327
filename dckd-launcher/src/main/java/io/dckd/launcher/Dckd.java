package io.dckd.launcher;

import com.typesafe.config.ConfigException;
import io.dckd.launcher.cmd.BackbonesCommand;
import io.dckd.launcher.cmd.BenchCommand;
import io.dckd.launcher.cmd.CompareCommand;
import io.dckd.launcher.cmd.ConfigCommand;
import io.dckd.launcher.cmd.EvalCommand;
import io.dckd.launcher.cmd.MetricsCommand;
import io.dckd.launcher.cmd.PluginsCommand;
import io.dckd.launcher.cmd.PrepareCommand;
import io.dckd.launcher.cmd.RestoreCommand;
import io.dckd.launcher.cmd.TrainCommand;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.BadImagesException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dckd} command line. Exit codes: 0 ok, 1 failure, 2 usage or configuration error. */
@Command(name = "dckd", mixinStandardHelpOptions = true, versionProvider = Dckd.VersionProvider.class,
        description = "Train small, fast image-restoration networks by Dynamic Contrastive Knowledge Distillation.",
        subcommands = {TrainCommand.class, CompareCommand.class, EvalCommand.class, RestoreCommand.class, PluginsCommand.class,
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
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException) {
                commandLine.getErr().println("dckd: configuration error: " + ex.getMessage());
                if (System.getenv("DCKD_DEBUG") != null) {
                    ex.printStackTrace(commandLine.getErr());
                }
                return 2;
            }
            if (ex instanceof io.dckd.core.train.TrainingStoppedException) {
                commandLine.getErr().println("dckd: training stopped: " + ex.getMessage());
                if (System.getenv("DCKD_DEBUG") != null) {
                    ex.printStackTrace(commandLine.getErr());
                }
                return 1;
            }
            if (ex instanceof io.dckd.core.train.RunInterruptedException stop) {
                commandLine.getErr().println("dckd: " + stop.getMessage());
                return stop.exitCode();
            }
            if (ex instanceof io.dckd.core.train.RunLock.RunDirectoryInUseException || ex instanceof io.dckd.core.pipeline.RunPlan.Refused) {
                commandLine.getErr().println("dckd: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof BadImageException || ex instanceof BadImagesException) {
                // a truncated or corrupt input image: the message names the file(s) and what is wrong
                commandLine.getErr().println("dckd: " + ex.getMessage());
                if (System.getenv("DCKD_DEBUG") != null) {
                    ex.printStackTrace(commandLine.getErr());
                }
                return 1;
            }
            if (ex instanceof UsageException) {
                commandLine.getErr().println("dckd: " + ex.getMessage());
                return 2;
            }
            commandLine.getErr().println("dckd: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            if (System.getenv("DCKD_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set DCKD_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
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
