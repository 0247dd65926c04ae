package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of the proof as the verifier sees it: the operator, the ONNX node name, its input and output vectors (ids
 * of tensors in the circuit), its integer parameters (shifts, strides, index maps: the operator's {@link OpProof}
 * defines their meaning) and its table rules. Part of the verifying key; no weights.
 */
final class NodeSpec {
    /** Bounds on decoded sizes, so a hostile key cannot make the verifier allocate without limit. */
    static final int MAX_PARAMS = 1 << 26, MAX_IO = 1 << 10, MAX_RULES = 16;

    final String op;
    final String name;
    final int[] in;
    final int[] out;
    final long[] p;
    final List<TableRule> rules;

    NodeSpec(String op, String name, int[] in, int[] out, long[] p, List<TableRule> rules) {
        this.op = op;
        this.name = name;
        this.in = in.clone();
        this.out = out.clone();
        this.p = p.clone();
        this.rules = List.copyOf(rules);
    }

    /** This node with {@code mode} put before its parameters (an operator proven by modes, delegating some). */
    NodeSpec withMode(long mode) {
        long[] q = new long[p.length + 1];
        q[0] = mode;
        System.arraycopy(p, 0, q, 1, p.length);
        return new NodeSpec(op, name, in, out, q, rules);
    }

    /** This node without its first parameter (the mode): as the proof it delegates to sees it. */
    NodeSpec withoutMode() {
        if (p.length < 1) throw new ProofFormatException(where() + ": mode missing");
        return new NodeSpec(op, name, in, out, java.util.Arrays.copyOfRange(p, 1, p.length), rules);
    }

    String where() {
        return "node '" + name + "' (" + op + ")";
    }

    int param(int i) {
        if (i >= p.length) throw new ProofFormatException(where() + ": parameter " + i + " missing");
        return Math.toIntExact(p[i]);
    }

    void writeTo(FieldWriter w) {
        writeString(w, op);
        writeString(w, name);
        w.u32(in.length);
        for (int v : in) w.u32(v);
        w.u32(out.length);
        for (int v : out) w.u32(v);
        w.u32(p.length);
        for (long v : p) w.u64(v);
        w.u32(rules.size());
        for (TableRule r : rules) writeRule(w, r);
    }

    static NodeSpec readFrom(FieldReader r) {
        String op = readString(r, "operator");
        String name = readString(r, "node name");
        int[] in = new int[r.length("node input count", MAX_IO)];
        for (int i = 0; i < in.length; i++) in[i] = r.u32("node input");
        int[] out = new int[r.length("node output count", MAX_IO)];
        for (int i = 0; i < out.length; i++) out[i] = r.u32("node output");
        long[] p = new long[r.length("node parameter count", MAX_PARAMS)];
        for (int i = 0; i < p.length; i++) p[i] = r.u64("node parameter");
        int nr = r.length("node rule count", MAX_RULES);
        List<TableRule> rules = new ArrayList<>();
        for (int i = 0; i < nr; i++) rules.add(readRule(r));
        return new NodeSpec(op, name, in, out, p, rules);
    }

    static void writeRule(FieldWriter w, TableRule rule) {
        writeString(w, rule.fn().name());
        double[] p = rule.params();
        w.u32(p.length);
        for (double d : p) w.u64(Double.doubleToRawLongBits(d));
        w.u64(rule.sIn()).u64(rule.sOut()).u32(rule.bits()).u64(rule.lo()).u64(rule.hi()).u8(rule.saturate() ? 1 : 0);
        w.bytes(Circuit.functionTable(rule).digest());
    }

    /**
     * A table rule: function by name, raw parameter bits, scales, bits, domain, saturation, then the SHA-256 of the
     * table's outputs as setup computed them. The table is computed here again and must have that digest: the entries
     * come from floating-point functions (StrictMath on the JVM, the engine's Math in JavaScript), so a platform that
     * evaluates one differently refuses the key by name instead of checking proofs against another table.
     */
    static TableRule readRule(FieldReader r) {
        String fn = readString(r, "table function");
        UnaryFunction f;
        try {
            f = UnaryFunction.valueOf(fn);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("table function '" + fn + "' unknown");
        }
        int np = r.length("table parameter count", 16);
        double[] p = new double[np];
        for (int i = 0; i < np; i++) p[i] = Double.longBitsToDouble(r.u64("table parameter"));
        long sIn = r.u64("table input scale"), sOut = r.u64("table output scale");
        if (Math.abs(sIn) > 1000 || Math.abs(sOut) > 1000) throw new ProofFormatException("table scale out of range");
        int bits = r.u32("table bits");
        long lo = r.u64("table domain start"), hi = r.u64("table domain end");
        int sat = r.u8("table saturation flag");
        if (sat > 1) throw new ProofFormatException("table saturation flag " + sat + " is not 0 or 1");
        byte[] digest = r.bytes("table digest", io.zkml4j.hash.Hash.DIGEST_BYTES);
        TableRule rule;
        byte[] computed;
        try {
            rule = new TableRule(f, p, (int) sIn, (int) sOut, bits, lo, hi, sat == 1);
            computed = Circuit.functionTable(rule).digest();
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("table rule: " + e.getMessage());
        }
        if (!Arrays.equals(digest, computed)) {
            throw new ProofFormatException("table " + rule + ": its entries as computed here differ from the key's (table digest mismatch: this platform evaluates "
                    + f + " differently from the one that made the key)");
        }
        return rule;
    }

    static void writeString(FieldWriter w, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        w.u32(b.length).bytes(b);
    }

    /** Reads a UTF-8 string, rejecting encodings that do not round-trip (canonical bytes only). */
    static String readString(FieldReader r, String what) {
        int n = r.length(what + " length", 1 << 16);
        byte[] b = r.bytes(what, n);
        String s = new String(b, StandardCharsets.UTF_8);
        if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b)) throw new ProofFormatException(what + ": not canonical UTF-8");
        return s;
    }
}
