package io.zkml4j.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The workload the launcher records its ahead-of-time cache on (JDK 25, JEP 483/514/515): the one-shot commands as users
 * run them, from files, in one JVM: compile, setup, prove and verify the bundled digits_mlp, then the usage. The cache
 * then holds, loaded and linked, the classes these commands load (reading the .zkm's JSON header, the keys, the proof
 * file), not only those of an in-memory demo. Writes nothing but a temporary directory, removed at the end.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("zkml4j-aot");
        try (PrintWriter none = new PrintWriter(Writer.nullWriter())) {
            String onnx = extract(dir, "network.onnx"), input = extract(dir, "input.json");
            String zkm = dir.resolve("m.zkm").toString(), keys = dir.resolve("keys").toString(), proof = dir.resolve("p.bin").toString();
            run(none, "compile", onnx, "--calibration", input, "-o", zkm);
            run(none, "setup", zkm, "-o", keys);
            run(none, "prove", "--key", keys, "--input", input, "-o", proof, "--output", dir.resolve("out.json").toString());
            run(none, "verify", "--key", keys, "--proof", proof);
            run(none, "--version");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        System.exit(Main.EXIT_OK); // as Main does: JDK 21+ sets up its logging on the way out (some 300 classes)
    }

    /** One command line as {@link Main#main} runs it, its output dropped; a failure ends the training (no cache is made). */
    private static void run(PrintWriter none, String... args) {
        int code = Main.run(args, none, none);
        if (code != Main.EXIT_OK) throw new IllegalStateException("training command failed (exit " + code + "): " + String.join(" ", args));
    }

    private static String extract(Path dir, String name) throws Exception {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
            if (in == null) throw new IllegalStateException("bundled demo file " + name + " is missing from the jar");
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p.toString();
        }
    }
}
