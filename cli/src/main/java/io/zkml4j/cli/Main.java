package io.zkml4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * zkml4j command line. Exit codes: 0 success, 1 failure or rejection, 2 usage error. Every error is
 * one line "error: ..." on stderr (see {@link CliCommand}). Add a subcommand with one line in {@link #SUBCOMMANDS}.
 */
@Command(name = "zkml4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Zero-knowledge proofs of ML inference (ONNX models), in pure Java.")
public final class Main implements Callable<Integer> {
    /** Every subcommand, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            InspectCommand.class,
            EstimateCommand.class,
            CompileCommand.class,
            RunCommand.class,
            BenchCommand.class,
            SetupCommand.class,
            ProveCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            ProveAllCommand.class,
            ServeCommand.class);

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

    /** The one-shot commands whose plain command lines are read without picocli's model ({@link DirectArgs}). */
    static final List<Class<? extends CliCommand>> DIRECT = List.of(SetupCommand.class, ProveCommand.class, VerifyCommand.class);

    public static void main(String[] args) {
        System.exit(run(args, writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding")));
    }

    /** Runs one command line, writing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CliCommand direct = DirectArgs.parse(args, DIRECT);
        if (direct != null) return direct.run(out, err);
        CommandLine cl = newCommandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** As picocli's own writer on a standard stream: buffered, flushed at each line, in the stream's encoding. */
    private static PrintWriter writer(java.io.PrintStream s, String encodingProperty) {
        String name = System.getProperty(encodingProperty);
        java.nio.charset.Charset cs = java.nio.charset.Charset.defaultCharset();
        try {
            if (name != null) cs = java.nio.charset.Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
        } catch (IllegalArgumentException e) {
            // picocli's fallback too: the default charset
        }
        return new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(s, cs)), true);
    }

    /** The configured command line with every subcommand: usage errors become one line plus a hint, exit 2. */
    public static CommandLine newCommandLine() {
        return configure(withSubcommands(new CommandLine(new Main()), SUBCOMMANDS, null));
    }

    /**
     * As {@link #newCommandLine()}, but when {@code args} names a subcommand only that one is built: picocli's model of
     * every command costs about 150 ms of each cold run, a third of a small model's verification.
     */
    static CommandLine newCommandLine(String[] args) {
        return configure(withSubcommands(new CommandLine(new Main()), SUBCOMMANDS, args.length > 0 ? args[0] : null));
    }

    /** Adds the subcommands, or only the one named {@code only} when it is one of them (the name from its annotation). */
    public static CommandLine withSubcommands(CommandLine cl, List<Class<?>> all, String only) {
        Class<?> match = null;
        if (only != null) {
            for (Class<?> c : all) if (c.getAnnotation(Command.class).name().equals(only)) match = c;
        }
        for (Class<?> c : match != null ? List.of(match) : all) cl.addSubcommand(c);
        return cl;
    }

    private static CommandLine configure(CommandLine cl) {
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
