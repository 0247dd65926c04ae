package io.zkml4j.pcs;

import io.zkml4j.field.codec.Decimal;

/**
 * Parameters of {@link LigeroPcs}: the Reed-Solomon blowup 2^logBlowup (rate rho = 2^-logBlowup) and the
 * number t of column queries, with the soundness calculator that justifies them. The constructor rejects
 * any choice below {@link #TARGET_BITS} (so blowup 1 or too few queries cannot be configured).
 *
 * <h2>Soundness bound (what {@link #soundnessBits} computes)</h2>
 * For a 2^n table laid out as R x C (C = 2^logCols(n)), rows are RS-encoded to length N = C * 2^logBlowup:
 * the code RS[F, D, C] of dimension C on the size-N subgroup D has distance d = N - C + 1. Let
 * e = floor((N - C) / 2), the largest integer with e/N <= (1 - rho)/2 (unique decoding radius). Let
 * q = p^2 ~ 2^128 be the size of GoldilocksExt2, from which all challenges come.
 * <ol>
 *   <li>Committed matrix U not e-close to the interleaved code (no common set of N - e columns on which every
 *       row agrees with a codeword). By the correlated-agreement theorem for affine spaces in the unique
 *       decoding regime [BCIKS20, Thm 1.6 with Thm 1.2's epsilon_U = N/q] a uniformly random combination
 *       r^T U (r in F_q^R) is then more than e-far from the code except with probability N/q; the prover's
 *       proximity row u has Enc(u) in the code, so Enc(u) and r^T U differ in more than e columns and each
 *       uniform column query catches this with probability > e/N.</li>
 *   <li>U e-close: it decodes uniquely (2e < d) to a table M, the table the commitment binds. A false claim
 *       y != M~(z) forces the prover's evaluation row w != eqL(z)^T M (the verifier checks
 *       &lt;w, eqR(z)&gt; = y). The claims' rows are batched with powers of gamma, drawn after all rows are
 *       absorbed: the combined row error is a nonzero polynomial in gamma of degree &lt; m, zero with
 *       probability &lt; m/q. Otherwise Enc(combined error) is a nonzero codeword (>= d nonzero entries),
 *       visible outside the &lt;= e disagreeing columns, so each query catches it with probability
 *       >= (d - e)/N > e/N.</li>
 * </ol>
 * Queries are t independent uniform indices, so the error of one opening is at most
 * {@code (1 - e/N)^t + N/q + m/q + t/q} (the last term: the verifier folds each column's two checks with one
 * more challenge, see {@link LigeroPcs}). No factor for several commitments is needed: a false statement has a
 * specific bad commitment, and passing its checks alone is already bounded so. Merkle binding adds SHA-256
 * collision resistance (128 bits). Under Fiat-Shamir the figure is bits per attempt: a prover making 2^g hash
 * calls gains at most g bits (no proof-of-work grinding is used).
 *
 * <p>For numVars >= 1 logCols >= 1, so C is even, e = C(2^b - 1)/2 and e/N = (1 - rho)/2 exactly: blowup 4
 * gives -log2(5/8) = 0.678 bits per query (148 queries: 100.3 bits), blowup 2 gives 0.415 (241: 100.0),
 * blowup 16 gives 0.913 (110: 100.4). The field terms are ~2^-113 at N = 2^15 and negligible.
 *
 * <p>References: [AHIV17] Ames, Hazay, Ishai, Venkitasubramaniam, "Ligero", CCS 2017 (the tensor-code
 * commitment and the column test); [GLSTW21] Golovnev et al., "Brakedown", CRYPTO 2023 / ePrint 2021/1043
 * (the multilinear evaluation via eqL^T M eqR); [BCIKS20] Ben-Sasson, Carmon, Ishai, Kopparty, Saraf,
 * "Proximity Gaps for Reed-Solomon Codes", FOCS 2020 / ePrint 2020/654.
 */
public final class LigeroParams {
    /** Minimum soundness, in bits, of every accepted parameter set. */
    public static final int TARGET_BITS = 100;
    /** Largest table supported: Merkle depth (logCols + logBlowup) and NTT size stay <= 2^30. */
    public static final int MAX_VARS = 30;
    /** Claims per opening assumed by {@link #minSoundnessBits} (the m/q term; 2^20 claims cost nothing visible). */
    static final int ASSUMED_MAX_CLAIMS = 1 << 20;
    /** log2 of |GoldilocksExt2| = 2 log2(p), with p = 2^64 - 2^32 + 1 < 2^64; we use 127.99 to stay below it. */
    private static final double LOG2_Q = 127.99;

    public final int logBlowup;
    public final int numQueries;

    // The presets are minimalFor(1), (2), (4) written out (LigeroParamsTest checks they are): the search evaluates the
    // bound some 500 times, about 10 ms of every cold command, at class initialisation, before the JIT has compiled it.
    /**
     * Blowup 2 (rate 1/2), 241 queries: 100.0 bits. The least encoding work (commit time is dominated by the
     * row NTTs, which scale with the blowup), at about 550 KB per opening of a 2^20 table.
     */
    public static final LigeroParams FAST_COMMIT = new LigeroParams(1, 241);
    /** Blowup 4, 148 queries: 100.3 bits; twice the encoding work of FAST_COMMIT for ~20% smaller openings. */
    public static final LigeroParams BALANCED = new LigeroParams(2, 148);
    /** Blowup 16, 110 queries: 100.4 bits; smallest openings, 8x the encoding work of FAST_COMMIT. */
    public static final LigeroParams SMALL_PROOF = new LigeroParams(4, 110);
    /** The prover-speed choice: {@link #FAST_COMMIT}. */
    public static final LigeroParams DEFAULT = FAST_COMMIT;

    public LigeroParams(int logBlowup, int numQueries) {
        if (logBlowup < 1 || logBlowup > 8) {
            throw new IllegalArgumentException("Ligero blowup 2^" + logBlowup + " out of range: need 2 <= blowup <= 256");
        }
        if (numQueries < 1) throw new IllegalArgumentException("Ligero needs at least one column query, got " + numQueries);
        this.logBlowup = logBlowup;
        this.numQueries = numQueries;
        double bits = minSoundnessBits();
        if (bits < TARGET_BITS) {
            throw new IllegalArgumentException("Ligero parameters blowup 2^" + logBlowup + " with " + numQueries + " queries give "
                    + Decimal.fixed(bits, 1) + " bits of soundness, below the " + TARGET_BITS + "-bit target");
        }
    }

    /** The fewest queries reaching {@link #TARGET_BITS} at this blowup. */
    public static LigeroParams minimalFor(int logBlowup) {
        int t = 1;
        while (boundBits(logBlowup, t) < TARGET_BITS) t++;
        return new LigeroParams(logBlowup, t);
    }

    private static double boundBits(int logBlowup, int t) {
        double worst = Double.MAX_VALUE;
        for (int n = 1; n <= MAX_VARS; n++) {
            int logCols = logColsFor(n, logBlowup, t);
            worst = Math.min(worst, bits(n, logCols, logBlowup, t, ASSUMED_MAX_CLAIMS));
        }
        return worst;
    }

    /** The worst soundness (bits) over every table size 2^1 .. 2^MAX_VARS, with up to 2^20 claims per opening. */
    public double minSoundnessBits() {
        return boundBits(logBlowup, numQueries);
    }

    /** Soundness in bits of one opening of tables of numVars variables with numClaims claims (see the class comment). */
    public double soundnessBits(int numVars, int numClaims) {
        return bits(numVars, logCols(numVars), logBlowup, numQueries, numClaims);
    }

    private static double bits(int numVars, int logCols, int logBlowup, int t, int numClaims) {
        long c = 1L << logCols;
        long n = c << logBlowup;
        long e = (n - c) / 2;
        double perQuery = Math.log(1 - (double) e / n) / Math.log(2); // log2(1 - e/N) < 0
        double queryTerm = Math.pow(2, perQuery * t);
        double fieldTerm = (double) (n + Math.max(1, numClaims) + t) * Math.pow(2, -LOG2_Q);
        return -Math.log(queryTerm + fieldTerm) / Math.log(2);
    }

    /** Field elements a commitment to a 2^numVars table keeps encoded (R rows of N = C 2^logBlowup): what setup holds in memory and the proving key on disk. */
    public long encodedEntries(int numVars) {
        return 1L << (numVars + logBlowup);
    }

    /** log2 of the number of matrix columns C for a 2^numVars table (rows R = 2^(numVars - logCols)). */
    public int logCols(int numVars) {
        return logColsFor(numVars, logBlowup, numQueries);
    }

    /**
     * The split minimising the opening size for one claim: 32 C bytes of rows (evaluation + proximity, each
     * C extension elements) against k R 8 bytes of opened columns plus about k (logN - log2 k) Merkle
     * siblings of 32 bytes, with k = min(t, N) opened columns (an upper bound; repeats make it a bit smaller).
     * Integer arithmetic only: prover and verifier (possibly another JVM, or JavaScript via TeaVM, whose
     * Math.log may differ in the last bit) must derive the same shape. logCols >= 1 keeps C even (the exact
     * e/N above); logCols + logBlowup <= 30 bounds the Merkle depth and NTT size.
     */
    static int logColsFor(int numVars, int logBlowup, int t) {
        if (numVars < 1 || numVars > MAX_VARS) throw new IllegalArgumentException("Ligero supports 1.." + MAX_VARS + " variables, got " + numVars);
        int best = 1;
        long bestBytes = Long.MAX_VALUE;
        for (int lc = 1; lc <= numVars && lc + logBlowup <= 30; lc++) {
            int logN = lc + logBlowup;
            long k = Math.min(t, 1L << logN);
            int logK = 63 - Long.numberOfLeadingZeros(k);
            long bytes = (32L << lc) + ((8 * k) << (numVars - lc)) + 32 * k * Math.max(0, logN - logK);
            if (bytes < bestBytes) {
                bestBytes = bytes;
                best = lc;
            }
        }
        return best;
    }

    /** A short description bound into every transcript that uses these parameters. */
    String label() {
        return "ligero/v1 logBlowup=" + logBlowup + " queries=" + numQueries;
    }

    @Override
    public String toString() {
        return "Ligero(blowup " + (1 << logBlowup) + ", " + numQueries + " queries, >= " + Decimal.fixed(minSoundnessBits(), 1) + " bits)";
    }
}
