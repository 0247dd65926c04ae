package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.InputException;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.ProveProgress;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import io.zkml4j.field.codec.ProofFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The whole flow on every model folder of DIR (network.onnx + input.json): compile (calibrated on the folder's
 * data), set up, prove the first input, verify, and check that the same proof is rejected for a changed output.
 * Answers "which of my models can zkml4j prove, and at what cost" in one table; a folder the prover cannot take
 * shows the first node it cannot prove. Each folder runs in its own task with a time limit, so one bad model never
 * stops the run.
 */
@Command(name = "prove-all", mixinStandardHelpOptions = true,
        description = "Compile, set up, prove and verify every model folder (network.onnx + input.json) under DIR; one table row each.")
public final class ProveAllCommand extends CliCommand {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of model folders.")
    List<Path> dirs;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the tables as Markdown to FILE.")
    Path markdown;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Time limit per model (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--only", split = ",", paramLabel = "A,B", description = "Only these model folders (by name).")
    List<String> only;

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    static final String PROVEN = "proven";
    static final String NOT_PROVABLE = "not provable yet";
    static final String UNSUPPORTED = "unsupported";

    /** One folder's outcome; the figures are null where the flow stopped before them. */
    record Row(String model, String status, String note, Long setupMs, Long proveMs, Long verifyMs, Long proofBytes, Long vkBytes, ZkFigures zk) {
        static Row stopped(String model, String status, String note) {
            return new Row(model, status, note, null, null, null, null, null, null);
        }
    }

    /** The zero-knowledge run of a model (the defaults: private input and parameters), beside its validity run. */
    record ZkFigures(long setupMs, long proveMs, long verifyMs, long proofBytes) {}

    @Option(names = "--no-zk", description = "Skip the zero-knowledge run (setup, prove and verify with a private input and private parameters).")
    boolean noZk;

    @Override
    protected int execute() throws IOException {
        StringBuilder md = new StringBuilder("# Models proven end to end\n\nGenerated on " + LocalDate.now() + " with Java "
                + Runtime.version() + " by\n\n    ./zkml4j prove-all");
        for (Path d : dirs) md.append(' ').append(d);
        md.append(" --markdown ").append(markdown == null ? "FILE" : markdown).append("\n\n").append(EXPLANATION);
        out().println("zkml4j prove-all on JDK " + Runtime.version().feature() + " (" + System.getProperty("java.vm.name") + ")");
        boolean allOk = true;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) throw new CliException("not a directory: " + dir);
            List<Row> rows = new ArrayList<>();
            out().printf("%n%s%n%-28s %-16s %9s %9s %9s %11s %7s %9s %9s %11s  %s%n", dir, "model", "status", "setup ms", "prove ms",
                    "verify ms", "proof B", "vk B", "zk prove", "zk verify", "zk proof B", "note");
            out().flush();
            List<Path> folders = new ArrayList<>();
            for (Path folder : modelFolders(dir)) if (only == null || only.contains(folder.getFileName().toString())) folders.add(folder);
            for (int k = 0; k < folders.size(); k++) {
                Path folder = folders.get(k);
                Row r;
                try (ProgressDisplay bar = ProgressDisplay.forTerminal("prove-all " + (k + 1) + "/" + folders.size())) {
                    if (bar != null) bar.step(folder.getFileName().toString(), k, folders.size());
                    r = runWithTimeout(folder);
                }
                rows.add(r);
                out().printf("%-28s %-16s %9s %9s %9s %11s %7s %9s %9s %11s  %s%n", r.model(), r.status(), fig(r.setupMs()), fig(r.proveMs()),
                        fig(r.verifyMs()), fig(r.proofBytes()), fig(r.vkBytes()), fig(r.zk() == null ? null : r.zk().proveMs()),
                        fig(r.zk() == null ? null : r.zk().verifyMs()), fig(r.zk() == null ? null : r.zk().proofBytes()), r.note());
                out().flush();
                // a model the prover or importer does not take is reported; a failure of a model it takes is not
                allOk &= r.status().equals(PROVEN) || r.status().equals(NOT_PROVABLE) || r.status().equals(UNSUPPORTED);
            }
            String summary = summary(rows);
            out().println(summary);
            appendMarkdown(md, dir, rows, summary);
        }
        if (markdown != null) {
            md.append("## Operators without a proof of their own\n\nEvery operator `./zkml4j run` executes that no proof node covers, and why"
                    + " (io.zkml4j.ml.prover.OperatorCoverage; a test keeps the list complete).\n\n| operator | why |\n| --- | --- |\n");
            io.zkml4j.ml.prover.OperatorCoverage.withoutProof().forEach((op, why) -> md.append("| ").append(op).append(" | ").append(why).append(" |\n"));
            Files.writeString(markdown, md.toString());
            out().println("wrote " + markdown);
        }
        return allOk ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private static final String EXPLANATION =
            "For each folder: compile `network.onnx` (calibrated on the folder's `input.json`, default policy), set up\n"
            + "(commit the weights), prove the first input of `input.json`, verify the proof, and verify it again against\n"
            + "an output changed by one unit (which must be rejected); then the same with a zero-knowledge key (the defaults of\n"
            + "`setup`: private input, public output, private parameters; the zk columns). Times are one cold run each in one\n"
            + "JVM (JIT warm-up included), so they are upper bounds; `./zkml4j bench prove --zk` gives warm medians.\n\n"
            + "- *proven*: both proofs verified and the changed output was rejected by both.\n"
            + "- *not provable yet*: the model compiles and runs, but a node's operator has no proof yet (named).\n"
            + "- *unsupported*: the importer or quantizer does not take the model (see docs/conformance.md).\n"
            + "- anything else is a defect: *failed* (with the message) or *timeout*.\n\n";

    static List<Path> modelFolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("network.onnx")) && Files.isRegularFile(p.resolve("input.json"))).sorted().toList();
        }
    }

    private Row runWithTimeout(Path folder) {
        String name = folder.getFileName().toString();
        return TimeLimited.run("prove-all-" + name, timeoutSeconds, () -> run(folder),
                (status, note) -> Row.stopped(name, status.equals("timeout") ? status : "failed", note));
    }

    private Row run(Path folder) {
        String name = folder.getFileName().toString();
        Path input = folder.resolve("input.json");
        QuantizedModel q;
        List<double[]> x;
        try {
            Graph g = ModelFiles.loadOnnx(folder.resolve("network.onnx"), quant.compileOptions().batchSize());
            q = ModelFiles.compile(g, InputData.readSamples(input, ModelFiles.inputNames(g), ModelFiles.inputShapes(g)), quant.compileOptions());
            x = InputData.readInput(input, q.inputNames(), q.inputShapes());
        } catch (ModelException | InputException e) {
            return Row.stopped(name, UNSUPPORTED, e.getMessage());
        }
        long t0 = System.nanoTime();
        ProvingKey pk;
        try {
            pk = ModelSetup.setup(q);
        } catch (ModelException e) {
            // the list of provable operators that ends the message is noise in a table
            return Row.stopped(name, NOT_PROVABLE, e.getMessage().replaceFirst(" \\(supported: [^)]*\\)$", ""));
        }
        long t1 = System.nanoTime();
        VerifyingKey vk = pk.verifyingKey();
        ModelProver.Result r = ModelProver.prove(pk, x, ProveProgress.NONE);
        long t2 = System.nanoTime();
        String failure = checked(vk, r, "");
        if (failure != null) return Row.stopped(name, "failed", failure);
        long t3 = System.nanoTime();
        ZkFigures zk = null;
        if (!noZk) {
            long z0 = System.nanoTime();
            ProvingKey zpk = ModelSetup.setupAsDeclared(q, Visibility.DEFAULT, 1, ProveProgress.NONE);
            long z1 = System.nanoTime();
            ModelProver.Result zr = ModelProver.prove(zpk, x, ProveProgress.NONE);
            long z2 = System.nanoTime();
            failure = checked(zpk.verifyingKey(), zr, "zero-knowledge: ");
            if (failure != null) return Row.stopped(name, "failed", failure);
            zk = new ZkFigures(ms(z0, z1), ms(z1, z2), ms(z2, System.nanoTime()), zr.proof.length);
        }
        return new Row(name, PROVEN, "", ms(t0, t1), ms(t1, t2), ms(t2, t3), (long) r.proof.length, (long) vk.toBytes().length, zk);
    }

    /** Null when the honest proof verifies and the same proof is rejected for an output changed by one unit; else why not. */
    private static String checked(VerifyingKey vk, ModelProver.Result r, String kind) {
        try {
            ModelVerifier.verify(vk, r.publicInput, r.publicOutput, r.proof);
        } catch (VerificationException | ProofFormatException e) {
            return kind + "honest proof rejected: " + e.getMessage();
        }
        long[] changed = r.output.clone();
        changed[0] += 1;
        try {
            ModelVerifier.verify(vk, r.publicInput, changed, r.proof);
            return kind + "a changed output was accepted";
        } catch (VerificationException | ProofFormatException expected) {
            return null; // the proof is bound to its output
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static String fig(Long v) {
        return v == null ? "-" : String.format("%,d", v);
    }

    static String summary(List<Row> rows) {
        long proven = rows.stream().filter(r -> r.status().equals(PROVEN)).count();
        long notYet = rows.stream().filter(r -> r.status().equals(NOT_PROVABLE)).count();
        long unsupported = rows.stream().filter(r -> r.status().equals(UNSUPPORTED)).count();
        long failed = rows.size() - proven - notYet - unsupported;
        StringBuilder s = new StringBuilder(String.format("%d folders: %d proven, %d not provable yet, %d unsupported, %d failed",
                rows.size(), proven, notYet, unsupported, failed));
        // which operators stop the most models: where the next operator proof pays most
        TreeMap<String, Integer> blockers = new TreeMap<>();
        for (Row r : rows) {
            if (!r.status().equals(NOT_PROVABLE)) continue;
            int a = r.note().indexOf("' ("), b = a < 0 ? -1 : r.note().indexOf(')', a);
            if (a >= 0 && b > a) blockers.merge(r.note().substring(a + 3, b), 1, Integer::sum);
        }
        if (!blockers.isEmpty()) s.append("; first unprovable operator: ").append(blockers.toString().replaceAll("[{}]", ""));
        return s.toString();
    }

    private static void appendMarkdown(StringBuilder md, Path dir, List<Row> rows, String summary) {
        md.append("## ").append(dir.getFileName()).append("\n\n").append(summary).append(".\n\n")
          .append("| model | status | setup ms | prove ms | verify ms | proof bytes | vk bytes | zk prove ms | zk verify ms | zk proof bytes | note |\n")
          .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            md.append("| ").append(r.model()).append(" | ").append(r.status()).append(" | ").append(fig(r.setupMs())).append(" | ")
              .append(fig(r.proveMs())).append(" | ").append(fig(r.verifyMs())).append(" | ").append(fig(r.proofBytes())).append(" | ")
              .append(fig(r.vkBytes())).append(" | ").append(fig(r.zk() == null ? null : r.zk().proveMs())).append(" | ")
              .append(fig(r.zk() == null ? null : r.zk().verifyMs())).append(" | ").append(fig(r.zk() == null ? null : r.zk().proofBytes())).append(" | ")
              .append(r.note().replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }
}
