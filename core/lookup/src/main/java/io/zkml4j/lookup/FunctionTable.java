package io.zkml4j.lookup;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.function.LongUnaryOperator;

/**
 * The (input, output) table of an integer function f on the domain [lo, lo + 2^k): row j holds
 * (lo + j, f(lo + j)), both embedded as signed integers (negative v is p - |v|). Used for quantized non-linear
 * operators (sigmoid, exp, GELU, ...) given as a rule the verifier can run.
 *
 * <p>Verifier cost: the input column's multilinear extension is lo + sum_i 2^i x_i, O(k); the output column has no
 * such structure, so the verifier recomputes all 2^k outputs from the rule (once per table object; the outputs are
 * never shipped or stored in a key) and evaluates their multilinear extension in O(2^k). That is acceptable for
 * k <= {@link #MAX_BITS} = 16 (65536 rule evaluations and ~2^17 extension multiplies, about a millisecond); larger
 * function tables would need a structured (decomposable) rule instead.
 *
 * <p>Binding: {@link #absorbInto} absorbs the rule's name, lo, k and a SHA-256 digest of every output, so the
 * transcript fixes the exact table even though the rule itself is code.
 */
public final class FunctionTable implements Table {
    public static final int MAX_BITS = 16;

    private final String name;
    private final long lo;
    private final int bits;
    private final long[] outputs; // canonical field elements, computed from the rule at construction
    private byte[] digest;

    /**
     * @param name identifies the rule and its parameters (e.g. "sigmoid in=2^-8 out=2^-12"); bound into transcripts
     * @param lo   the smallest input
     * @param bits k, the domain has 2^k inputs
     * @param f    the rule, called on every input lo .. lo + 2^k - 1
     */
    public FunctionTable(String name, long lo, int bits, LongUnaryOperator f) {
        if (bits < 1 || bits > MAX_BITS) throw new IllegalArgumentException("function table of " + bits + " bits (supported: 1.." + MAX_BITS + ")");
        long bound = 1L << 62; // keeps inputs and outputs far inside (-p/2, p/2), so the signed embedding is injective
        if (lo < -bound || lo + (1L << bits) > bound) throw new IllegalArgumentException("function table '" + name + "': domain start " + lo + " out of range");
        this.name = name;
        this.lo = lo;
        this.bits = bits;
        this.outputs = new long[1 << bits];
        for (int j = 0; j < outputs.length; j++) {
            long y = f.applyAsLong(lo + j);
            if (y < -bound || y > bound) throw new IllegalArgumentException("function table '" + name + "': f(" + (lo + j) + ") = " + y + " out of range");
            outputs[j] = Goldilocks.fromSigned(y);
        }
    }

    public long lo() {
        return lo;
    }

    /** f(x) as a canonical field element, for x in the domain. */
    public long apply(long x) {
        long j = x - lo;
        if (j < 0 || j >= outputs.length) throw new IllegalArgumentException(description() + ": input " + x + " outside the domain");
        return outputs[(int) j];
    }

    @Override
    public String description() {
        return "function '" + name + "' on [" + lo + ", " + (lo + (1L << bits)) + ")";
    }

    @Override
    public int numVars() {
        return bits;
    }

    @Override
    public int numColumns() {
        return 2;
    }

    @Override
    public long entry(int column, int row) {
        if (row < 0 || row >= outputs.length) throw new IndexOutOfBoundsException("row " + row + " of " + description());
        if (column == 0) return Goldilocks.fromSigned(lo + row);
        if (column == 1) return outputs[row];
        throw new IndexOutOfBoundsException("column " + column + " of a two-column function table");
    }

    @Override
    public GoldilocksExt2 evaluate(int column, GoldilocksExt2[] point) {
        if (column == 0) return RangeTable.indexMle(point, bits).add(GoldilocksExt2.ofBase(Goldilocks.fromSigned(lo)));
        if (column == 1) {
            if (point.length != bits) throw new IllegalArgumentException("point of " + point.length + " coordinates for a table of " + bits + " variables");
            return Mle.evaluate(outputs, point);
        }
        throw new IndexOutOfBoundsException("column " + column + " of a two-column function table");
    }

    @Override
    public int rowOf(long[] values) {
        if (values.length != 2) throw new IllegalArgumentException("function table has 2 columns, got a tuple of " + values.length);
        long j = Goldilocks.toSigned(values[0]) - lo;
        if (j < 0 || j >= outputs.length) return -1;
        return outputs[(int) j] == values[1] ? (int) j : -1;
    }

    @Override
    public void absorbInto(Transcript transcript) {
        transcript.absorbBytes("logup.table.rule", ("function:" + name).getBytes(StandardCharsets.UTF_8));
        transcript.absorbFields("logup.table.domain", new long[] {Goldilocks.fromSigned(lo), bits});
        transcript.absorbBytes("logup.table.outputs", outputsDigest());
    }

    /** SHA-256 of every output (what the transcript absorbs): a verifying key carries it for each table rule. */
    public byte[] digest() {
        return outputsDigest().clone();
    }

    private synchronized byte[] outputsDigest() {
        if (digest == null) {
            digest = new byte[Hash.DIGEST_BYTES];
            Hashes.sha256().hashFields((byte) 0x4C, outputs, 0, outputs.length, digest, 0);
        }
        return digest;
    }
}
