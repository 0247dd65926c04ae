package io.zkml4j.tools;

import io.zkml4j.cli.Main;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Developer tools that use ONNX Runtime as the float reference. A separate jar: ONNX Runtime is never
 * on the prover's class path. Exit codes and one-line errors as in {@link Main}.
 */
@Command(name = "zkml4j-tools", mixinStandardHelpOptions = true,
        description = "Reference checks against ONNX Runtime.",
        subcommands = {
            ConformanceCommand.class,
            BenchExecCommand.class,
            MakeDenseCommand.class,
        })
public final class ToolsMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new ToolsMain());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage().replaceAll("[\\r\\n]+", " ")
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return Main.EXIT_USAGE;
        });
        return cl;
    }
}
