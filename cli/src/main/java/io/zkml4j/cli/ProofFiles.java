package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.KeyFiles;
import io.zkml4j.ml.prover.io.ProofCheck;
import io.zkml4j.ml.prover.io.ProofFile;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.FixedPoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Files of setup / prove / verify: the key directory (proving.key, verifying.key), the proof file ({@link ProofFile}),
 * input.json and output.json, and how public values are shown.
 */
final class ProofFiles {
    static final String PROVING_KEY = KeyFiles.PROVING_KEY;
    static final String VERIFYING_KEY = KeyFiles.VERIFYING_KEY;
    /** Vectors longer than this are shown as their first entries and their length. */
    static final int SHOWN = 10;

    private ProofFiles() {}

    /** {@code keyOrDir} itself, or {@code keyOrDir/name} when it is a directory. */
    static Path keyFile(Path keyOrDir, String name) {
        return Files.isDirectory(keyOrDir) ? keyOrDir.resolve(name) : keyOrDir;
    }

    /** A readable regular file of sane size (read whole into memory), or a one-line CliException naming {@code what} it should be. */
    static void requireFile(Path file, String what) throws IOException {
        requireExists(file, what);
        if (Files.size(file) > InputData.MAX_FILE_BYTES) throw new CliException(what + " " + file + " is too large");
    }

    private static void requireExists(Path file, String what) {
        if (Files.isDirectory(file)) throw new CliException(what + " " + file + " is a directory, expected a file");
        if (!Files.exists(file)) throw new CliException(what + " not found: " + file);
    }

    static byte[] readBytes(Path file, String what) throws IOException {
        requireFile(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(what + " not found: " + file);
        }
    }

    static VerifyingKey readVk(Path file) throws IOException {
        byte[] b = readBytes(file, "verifying key");
        try {
            return VerifyingKey.fromBytes(b);
        } catch (ProofFormatException | IllegalArgumentException e) {
            throw new CliException(file + ": not a verifying key (" + e.getMessage() + ")");
        }
    }

    /** No size limit: the key's model is streamed and its commitment data mapped (a 40M-weight model's key is over 2 GB). */
    static ProvingKey readPk(Path file) throws IOException {
        requireExists(file, "proving key");
        try {
            return ProvingKey.read(file);
        } catch (ProofFormatException | IllegalArgumentException e) {
            throw new CliException(file + ": not a proving key (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage());
        } catch (ModelException e) {
            throw new CliException(file + ": not a proving key (" + e.getMessage() + ")");
        }
    }

    static ProofFile readProof(Path file) throws IOException {
        byte[] b = readBytes(file, "proof");
        try {
            return ProofFile.decode(b);
        } catch (ProofFile.FormatException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
    }

    /** prove's OUTPUT.json ({@link InputData#outputJson}). */
    static void writeOutput(Path file, ModelProver.Result r, VerifyingKey vk) throws IOException {
        InputData.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), InputData.outputJson(r, vk));
    }

    /** Lowercase hex of the first 8 bytes: enough to tell models apart by eye. */
    static String shortHex(byte[] b) {
        return ProofCheck.shortHex(b);
    }

    /** "[v0, v1, ...] (first 10 of N)": integers dequantized at {@code scale}. */
    static String values(long[] v, int scale) {
        StringBuilder s = new StringBuilder("[");
        int shown = Math.min(v.length, SHOWN);
        for (int i = 0; i < shown; i++) {
            if (i > 0) s.append(", ");
            s.append(format(FixedPoint.dequantize(v[i], scale)));
        }
        s.append(v.length > shown ? ", ...] (first " + shown + " of " + v.length + ")" : "]");
        return s.toString();
    }

    /** Index of the largest value (the first on ties), or -1 for an empty vector. */
    static int argmax(long[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) if (best < 0 || v[i] > v[best]) best = i;
        return best;
    }

    /** The public input and output as verify and prove show them. */
    /** The input and output values (null: not known here, a private part on the verifier's side). */
    static void printValues(PrintWriter out, VerifyingKey vk, long[] x, long[] y) {
        if (x != null) {
            for (VerifyingKey.Io i : vk.inputs()) {
                out.printf("input:   '%s' %s, integers / 2^%d: %s%n", i.name(), shape(i.shape()), i.scale(), values(i.of(x), i.scale()));
            }
        }
        if (y != null) {
            for (VerifyingKey.Io o : vk.outputs()) {
                long[] yo = o.of(y);
                out.printf("output:  '%s' %s, integers / 2^%d: %s, argmax %d%n", o.name(), shape(o.shape()), o.scale(), values(yo, o.scale()), argmax(yo));
            }
        }
    }

    /** What the verifier is given and what it is not, and what a proof hides today. */
    static void printVisibility(PrintWriter out, VerifyingKey vk) {
        Visibility v = vk.visibility();
        java.util.List<String> pub = new java.util.ArrayList<>(), priv = new java.util.ArrayList<>();
        (v.inputPublic() ? pub : priv).add("input");
        (v.outputPublic() ? pub : priv).add("output");
        (v.paramsPublic() ? pub : priv).add("parameters");
        out.printf("public:  %s%s%n", pub.isEmpty() ? "nothing (model digest only)" : String.join(", ", pub),
                vk.publicConstants() ? " (parameters committed binding-only: each proof opens its claims on them in the clear)" : "");
        if (priv.isEmpty()) return;
        if (vk.zeroKnowledge()) {
            out.printf("private: %s (hidden: the proof is zero-knowledge, it reveals nothing about them beyond the public values; docs/security.md)%n",
                    String.join(", ", priv));
        } else {
            out.printf("private: %s (never given to the verifier, but this key makes validity proofs, which may reveal information about them: docs/security.md)%n",
                    String.join(", ", priv));
        }
    }

    static long[] orEmpty(long[] v) {
        return v == null ? new long[0] : v;
    }

    static String shape(int[] shape) {
        return java.util.Arrays.toString(shape);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1");
    }
}
