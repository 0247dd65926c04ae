package io.zkml4j.ml.prover.io;

import io.zkml4j.field.codec.Decimal;
import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.transcript.VerificationException;

import java.util.Arrays;
import java.util.List;

/**
 * Checks a proof file against a verifying key and, optionally, the public values its user expects: what {@code verify}
 * and the proving service's verify endpoint both decide, so they never disagree.
 */
public final class ProofCheck {
    private ProofCheck() {}

    /** The names of the tensors of a key's inputs. */
    public static List<String> inputNames(VerifyingKey vk) {
        return vk.inputs().stream().map(VerifyingKey.Io::name).toList();
    }

    /** The shapes of a key's inputs. */
    public static List<int[]> inputShapes(VerifyingKey vk) {
        return vk.inputs().stream().map(VerifyingKey.Io::shape).toList();
    }

    /**
     * Refuses expected values the key makes private (the proof carries none to compare): an {@link InputException}
     * naming the option or field {@code inputWhat} / {@code outputWhat}.
     */
    public static void requireComparable(VerifyingKey vk, boolean input, String inputWhat, boolean output, String outputWhat) {
        if (input && !vk.visibility().inputPublic()) {
            throw new InputException(inputWhat + ": the key declares the input private, so the proof carries no input to compare (setup --input-visibility public makes it part of the statement)");
        }
        if (output && !vk.visibility().outputPublic()) {
            throw new InputException(outputWhat + ": the key declares the output private, so the proof carries no output to compare (setup --output-visibility public makes it part of the statement)");
        }
    }

    /**
     * Why the proof does not hold, or null when it does: the model digest, the public values' lengths, the expected
     * input ({@code expectedInput}, quantized, from {@code inputSrc}) and output ({@code expectedOutput} from
     * {@code outputSrc}) when given, then the verifier itself. Call {@link #requireComparable} first.
     */
    public static String rejection(VerifyingKey vk, ProofFile pf, long[] expectedInput, String inputSrc, JsonNode expectedOutput, String outputSrc) {
        String why = statementRejection(vk, pf);
        if (why != null) return why;
        long[] x = pf.input(), y = pf.output();
        if (expectedInput != null) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] != expectedInput[i]) {
                    VerifyingKey.Io in = at(vk.inputs(), i);
                    return inputSrc + " differs from the proof's public input '" + in.name() + "' at value " + (i - in.offset()) + " (given "
                            + FixedPoint.dequantize(expectedInput[i], in.scale()) + ", proven " + FixedPoint.dequantize(x[i], in.scale()) + ")";
                }
            }
        }
        if (expectedOutput != null) {
            String mismatch = outputMismatch(expectedOutput, outputSrc, vk, y);
            if (mismatch != null) return mismatch;
        }
        return proofRejection(vk, pf);
    }

    /**
     * {@link #rejection} without expected values: the model digest, the public values' lengths, then the verifier. The
     * whole decision of the JavaScript verifier (web/verifier-js), so it has no JSON on its path.
     */
    public static String rejection(VerifyingKey vk, ProofFile pf) {
        String why = statementRejection(vk, pf);
        return why != null ? why : proofRejection(vk, pf);
    }

    /** Why the proof file's statement does not fit the key (another model, other lengths), or null. */
    private static String statementRejection(VerifyingKey vk, ProofFile pf) {
        long[] x = pf.input(), y = pf.output();
        if (!Arrays.equals(pf.modelDigest(), vk.digest())) {
            return "the proof is for model " + shortHex(pf.modelDigest()) + ", the key is for model " + shortHex(vk.digest());
        }
        int inLen = vk.visibility().inputPublic() ? vk.inputLength() : 0, outLen = vk.visibility().outputPublic() ? vk.outputLength() : 0;
        if (x.length != inLen || y.length != outLen) {
            return "the proof's public input/output have " + x.length + "/" + y.length + " values, the key's statement has " + inLen + "/" + outLen;
        }
        return null;
    }

    /** The verifier's verdict on a proof file whose statement fits the key: why it fails, or null. */
    private static String proofRejection(VerifyingKey vk, ProofFile pf) {
        boolean inPublic = vk.visibility().inputPublic(), outPublic = vk.visibility().outputPublic();
        try {
            ModelVerifier.verify(vk, inPublic ? pf.input() : null, outPublic ? pf.output() : null, pf.proof());
        } catch (VerificationException | ProofFormatException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            // A verifier that fails on malformed bytes in an unforeseen way has still not accepted.
            return "the proof could not be checked (" + kind(e) + ": " + e.getMessage() + ")";
        }
        return null;
    }

    /** An unforeseen failure's class, for its one-line message ("error" where, as in TeaVM's JavaScript, classes have no names). */
    public static String kind(Throwable e) {
        String n = e.getClass().getName();
        return n == null ? "error" : n.substring(n.lastIndexOf('.') + 1);
    }

    /** Lowercase hex of the first 8 bytes: enough to tell models apart by eye. */
    public static String shortHex(byte[] b) {
        return Decimal.hex(b, 8);
    }

    /**
     * Why the output JSON ({@code file} names it) does not match the proof's public output {@code y}, or null when it does. Every value the
     * file states is checked: "quantized_output" (as prove writes it) must equal the proven integers and
     * "output_scale" the key's; "output_data" beside it must be exactly those integers dequantized (what prove
     * writes), and without it every "output_data" value must be within half a unit of 2^-scale of the proven value
     * (what it rounds to). So a file whose readable numbers differ from what was proven is never accepted.
     */
    public static String outputMismatch(JsonNode root, String file, VerifyingKey vk, long[] y) {
        List<VerifyingKey.Io> outs = vk.outputs();
        JsonNode qAll = root.path("quantized_output");
        if (!qAll.isMissingNode()) {
            if (!qAll.isArray() || qAll.size() != outs.size()) throw new InputException(file + ": \"quantized_output\" must hold " + outs.size() + " list(s), one per model output");
            JsonNode scale = root.path("output_scale");
            for (int j = 0; j < outs.size(); j++) {
                VerifyingKey.Io o = outs.get(j);
                JsonNode q = qAll.get(j);
                if (!q.isArray() || q.size() != o.length()) throw new InputException(file + ": quantized_output[" + j + "] must be a list of " + o.length() + " integers");
                JsonNode sj = scale.isArray() ? scale.path(j) : scale;
                if (!sj.isMissingNode() && (!sj.isInt() || sj.asInt() != o.scale() || (scale.isInt() && outs.size() != 1))) {
                    return file + ": output '" + o.name() + "' is at output scale " + sj + ", the key's is " + o.scale();
                }
                for (int i = 0; i < o.length(); i++) {
                    JsonNode v = q.get(i);
                    if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new InputException(file + ": quantized_output[" + j + "][" + i + "] is not an integer");
                    long proven = y[o.offset() + i];
                    if (v.asLong() != proven) return file + ": quantized_output[" + j + "][" + i + "] = " + v.asLong() + ", the proof's output is " + proven;
                }
            }
        }
        boolean exact = !qAll.isMissingNode();
        JsonNode f = root.path("output_data");
        if (f.isMissingNode()) {
            if (exact) return null;
            throw new InputException(file + ": missing key \"output_data\" (or \"quantized_output\")");
        }
        if (!f.isArray() || f.size() != outs.size()) throw new InputException(file + ": \"output_data\" must hold " + outs.size() + " list(s), one per model output");
        for (int j = 0; j < outs.size(); j++) {
            VerifyingKey.Io o = outs.get(j);
            double[] values = InputData.values(f.get(j), file, o.name(), o.shape());
            double halfUnit = exact ? 0 : FixedPoint.scalb(0.5, -o.scale());
            for (int i = 0; i < o.length(); i++) {
                double proven = FixedPoint.dequantize(y[o.offset() + i], o.scale());
                if (!(Math.abs(values[i] - proven) <= halfUnit)) {
                    return file + ": output_data[" + j + "][" + i + "] = " + values[i] + ", the proof's output is " + proven;
                }
            }
        }
        return null;
    }

    /** Every model input quantized at its scale (the same rounding as the compiler: ties up), concatenated. */
    public static long[] quantizedInput(List<double[]> in, String file, VerifyingKey vk) {
        List<VerifyingKey.Io> ins = vk.inputs();
        long[] q = new long[vk.inputLength()];
        try {
            for (int j = 0; j < ins.size(); j++) {
                double[] x = in.get(j);
                for (int i = 0; i < x.length; i++) q[ins.get(j).offset() + i] = FixedPoint.quantize(x[i], ins.get(j).scale());
            }
        } catch (ModelException e) {
            throw new InputException(file + ": " + e.getMessage());
        }
        return q;
    }

    /** The public tensor holding value {@code i} of the concatenated public values. */
    public static VerifyingKey.Io at(List<VerifyingKey.Io> ios, int i) {
        for (VerifyingKey.Io io : ios) if (i >= io.offset() && i < io.offset() + io.length()) return io;
        throw new IllegalArgumentException("value " + i + " is beyond the public values");
    }

}
