package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;

/**
 * A sumcheck proof as the verifier sees it: one round polynomial per variable, each given by its values
 * at 0, 1, ..., degree. The constructor accepts any shape (so tests can build malformed proofs); the
 * decoder and {@link SumcheckVerifier} accept only numVars rounds of degree+1 values each.
 *
 * <p>Encoding: u8 version (1), u32 rounds, u32 values per round, then the values as extension elements
 * (c0, c1), 16 bytes each.
 */
public final class SumcheckProof {
    public static final int FORMAT_VERSION = 1;

    private final GoldilocksExt2[][] rounds;

    public SumcheckProof(GoldilocksExt2[][] rounds) {
        this.rounds = new GoldilocksExt2[rounds.length][];
        for (int i = 0; i < rounds.length; i++) this.rounds[i] = rounds[i].clone();
    }

    public int numRounds() {
        return rounds.length;
    }

    /** The values g_i(0..degree) of round i (a copy). */
    public GoldilocksExt2[] round(int i) {
        return rounds[i].clone();
    }

    public GoldilocksExt2[][] rounds() {
        return new SumcheckProof(rounds).rounds;
    }

    GoldilocksExt2[] roundUnsafe(int i) {
        return rounds[i];
    }

    public void writeTo(FieldWriter w) {
        w.u32(rounds.length);
        int per = rounds.length == 0 ? 0 : rounds[0].length;
        for (GoldilocksExt2[] r : rounds) {
            if (r.length != per) throw new IllegalStateException("rounds of unequal length cannot be encoded");
        }
        w.u32(per);
        for (GoldilocksExt2[] r : rounds) for (GoldilocksExt2 v : r) w.ext(v);
    }

    /** Decodes exactly numVars rounds of degree+1 values; the shape comes from the verifier, not the bytes. */
    public static SumcheckProof readFrom(FieldReader r, int numVars, int degree) {
        checkShape(numVars, degree);
        r.expectLength("sumcheck rounds", numVars);
        r.expectLength("sumcheck values per round", numVars == 0 ? 0 : degree + 1);
        GoldilocksExt2[][] rounds = new GoldilocksExt2[numVars][degree + 1];
        for (int i = 0; i < numVars; i++) {
            for (int t = 0; t <= degree; t++) rounds[i][t] = r.ext("sumcheck round " + i + " value " + t);
        }
        return new SumcheckProof(rounds);
    }

    public byte[] toBytes() {
        FieldWriter w = new FieldWriter();
        w.u8(FORMAT_VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    public static SumcheckProof fromBytes(byte[] bytes, int numVars, int degree) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("sumcheck proof version");
        if (v != FORMAT_VERSION) throw new ProofFormatException("sumcheck proof version " + v + ", expected " + FORMAT_VERSION);
        SumcheckProof p = readFrom(r, numVars, degree);
        r.finish("sumcheck proof");
        return p;
    }

    static void checkShape(int numVars, int degree) {
        if (numVars < 0 || numVars > 40) throw new IllegalArgumentException("sumcheck over " + numVars + " variables");
        if (degree < 1 || degree > SumOfProducts.MAX_DEGREE + 1) {
            throw new IllegalArgumentException("sumcheck round degree " + degree + " out of range 1.." + (SumOfProducts.MAX_DEGREE + 1));
        }
    }
}
