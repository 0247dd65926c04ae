package io.zkml4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The direct reading of setup / prove / verify gives picocli's fields exactly, and leaves picocli everything else. */
class DirectArgsTest {
    /** Every option and parameter field of {@code cmd}, with its value. */
    private static String fields(Object cmd) throws Exception {
        StringBuilder s = new StringBuilder(cmd.getClass().getSimpleName());
        for (Field f : cmd.getClass().getDeclaredFields()) {
            f.setAccessible(true);
            if (f.getAnnotation(CommandLine.Mixin.class) != null) {
                s.append(" [").append(fields(f.get(cmd))).append(']'); // a mixin's options too
                continue;
            }
            if (f.getAnnotation(Option.class) == null && f.getAnnotation(Parameters.class) == null) continue;
            s.append(' ').append(f.getName()).append('=').append(f.get(cmd));
        }
        return s.toString();
    }

    private static void same(String... args) throws Exception {
        CliCommand direct = DirectArgs.parse(args, Main.DIRECT);
        assertNotNull(direct, Arrays.toString(args));
        CommandLine cl = Main.withSubcommands(new CommandLine(new Main()), Main.SUBCOMMANDS, null);
        Object picocli = cl.parseArgs(args).subcommand().commandSpec().userObject();
        assertEquals(fields(picocli), fields(direct), Arrays.toString(args));
    }

    private static void picocli(String... args) {
        assertNull(DirectArgs.parse(args, Main.DIRECT), Arrays.toString(args));
    }

    @Test
    void readsWhatPicocliReads() throws Exception {
        same("prove", "--key", "k", "--input", "in.json", "-o", "p.bin");
        same("prove", "--proof=p.bin", "--key=k", "--input", "in.json", "--output", "out.json");
        same("verify", "--key", "k/verifying.key", "--proof", "p.bin");
        same("verify", "--proof", "p.bin", "--key", "k", "--input", "i.json", "--output=o.json");
        same("setup", "m.zkm", "-o", "keys");
        same("setup", "--out", "keys", "m.onnx", "--calibration", "c.json", "--input-visibility", "public", "--param-visibility=public");
        same("setup", "m.onnx", "-o", "keys", "--input", "c.json", "--output-visibility", "private");
        same("setup", "m.zkm", "-o", "keys", "--proofs", "3");
    }

    @Test
    void leavesEverythingElseToPicocli() {
        picocli();
        picocli("compile", "m.onnx", "-o", "m.zkm");
        picocli("prove", "--help");
        picocli("verify", "-h");
        picocli("setup", "--version");
        picocli("setup", "m.zkm", "-o", "keys", "--act-bits", "12"); // a mixin's int option: picocli converts it
        picocli("prove", "--key", "k", "--input", "in.json"); // a required option missing
        picocli("prove", "--key", "k", "--key", "k2", "--input", "in.json", "-o", "p"); // given twice
        picocli("prove", "--key", "k", "--input", "in.json", "-o"); // no value
        picocli("prove", "--key", "--input", "in.json", "-o", "p"); // an option as a value
        picocli("prove", "--key", "k", "--input", "in.json", "-o", "p", "extra"); // no positional parameter
        picocli("prove", "--key", "k", "--input", "in.json", "-o", "p", "--frobnicate", "x");
        picocli("prove", "@args.txt");
        picocli("verify", "--key", "k", "--proof", "-");
        picocli("setup", "-o", "keys"); // the model missing
        picocli("setup", "a.zkm", "b.zkm", "-o", "keys");
        picocli("setup", "m.onnx", "-o", "keys", "--act-bits", "8"); // an option of the mixin
        picocli("setup", "m.onnx", "-okeys"); // picocli's attached short form
    }
}
