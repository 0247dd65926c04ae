package io.zkml4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * zkml4j command line. Exit codes: 0 success, 1 failure or rejection, 2 usage error. Every error is
 * one line "error: ..." on stderr (see {@link CliCommand}). Add a subcommand with one line below.
 */
@Command(name = "zkml4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Zero-knowledge proofs of ML inference (ONNX models), in pure Java.",
        subcommands = {
            InspectCommand.class,
            CompileCommand.class,
            RunCommand.class,
            BenchCommand.class,
            SetupCommand.class,
            ProveCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            ProveAllCommand.class,
        })
public final class Main implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: print the usage and report a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line: usage errors become one line plus a hint, exit 2. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage().replaceAll("[\\r\\n]+", " ")
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(CliCommand.describe(ex));
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"zkml4j " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
