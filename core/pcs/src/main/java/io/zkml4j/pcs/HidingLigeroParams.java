package io.zkml4j.pcs;

import io.zkml4j.field.codec.Decimal;
import java.math.BigInteger;

/**
 * Parameters of {@link HidingLigeroPcs}: the blowup 2^logBlowup of the row code over its message length L, the number
 * t of distinct column queries, and h = t hiding coefficients per row; with the soundness calculator that justifies
 * them. The constructor rejects a choice under which some table size has no layout reaching {@link #TARGET_BITS}.
 *
 * <h2>Layout</h2>
 * A 2^n table is an R x C matrix M (C = 2^logCols(n)). Row i is the polynomial
 * f_i(X) = sum_{k &lt; C} M[i][k] X^k + X^C r_i(X) with r_i of h uniform base-field coefficients, so K = C + h
 * coefficients, padded to the power of two L >= K and evaluated on the subgroup D of size N = L 2^logBlowup
 * ({@link RsEncoder}). Six mask rows follow the data (drawn at commit, extension-valued as pairs of base rows):
 * Dlo, Dhi (the evaluation mask D = Dlo + X^C Dhi, Dlo's coefficient C - 1 zero) and m (the proximity mask), each of
 * K coefficients.
 *
 * <h2>Soundness (what {@link #soundnessBits} computes)</h2>
 * Let q = p^2 be the size of GoldilocksExt2 and e = floor((N - K - C + 1) / 2), which is below the unique decoding
 * radius (N - K) / 2 of RS[N, K].
 * <ol>
 *   <li>The tableau U (data and D rows) with the mask m not e-close to RS[N, K] (no common set of N - e columns on which
 *       every row agrees with a codeword): by correlated agreement for affine spaces in the unique decoding regime
 *       [BCIKS20 Thm 1.6] the proximity combination m + r^T U (r uniform in F_q^(R+4)) is then e-far from the code
 *       except with probability N/q; the sent u has degree &lt; K, so Enc(u) and m + r^T U differ on more than e columns:
 *       a query passes with probability &lt; 1 - e/N.</li>
 *   <li>U e-close, agreeing with decoded rows f*, Dlo*, Dhi* (degree &lt; K) on a set S of >= N - e columns. Let
 *       P = sum_j gamma^(j+1) (eqL_j^T f*) a_j + Dlo* + X^C Dhi*, of degree &lt; K + C, like the sent q. If q = P (for
 *       every commitment of the opening), the verifier's check sum_i coeff_(C-1)(q_i) = sum_j gamma^(j+1) y_j (one sum
 *       over the commitments: the constraint tests split a constraint across tableaux) reads
 *       sum_j gamma^(j+1) (y*_j - y_j) = delta with delta = sum_i coeff_(C-1)(Dlo_i*) fixed before gamma (the committed table's true values y*_j): a false claim makes the
 *       left side a nonzero polynomial in gamma of degree &lt;= m with no constant term (hence the exponents j + 1:
 *       the mask's coefficient cannot cancel it), a root with probability &lt;= m/q. If q != P, they agree on
 *       &lt;= K + C - 1 points of D, and a query passes only there or outside S: probability &lt;= (K + C - 1 + e)/N.</li>
 * </ol>
 * So each query passes a false statement with probability at most eps = max(1 - e/N, (K + C - 1 + e)/N), about
 * (1 + (K + C)/N)/2; queries are t distinct columns (sampling without replacement only lowers the product), and the
 * error of one opening is at most {@code eps^t + (N + m)/q}, plus SHA-256 collision resistance for the Merkle tree.
 * This beats the per-query (3 + K2/N)/4 of docs/zero-knowledge.md because D sits in the same tableau as the data:
 * one proximity test covers both, so the radius e is not paid twice.
 *
 * <p>The per-query figure depends on (C, K, N); {@link #logCols} picks, per table size, the layout with the smallest
 * opening among those reaching eps^t &lt;= 2^-(TARGET_BITS + 1), decided in exact integer arithmetic (prover and verifier,
 * possibly on different platforms, must derive the same shape). For large tables C >> h, L = 2C and N = 4C at blowup 2:
 * eps ~ 3/4 + h/(8C). The fewest queries that reach the target for every table size (183 at blowup 2) force tiny C on
 * large tables (openings of megabytes); the presets take the query count from which large tables get a square-ish
 * layout: blowup 2 with 256 queries (2^20: C = 2^13, about 660 KB per opening; 2^22: C = 2^14, 1.3 MB) and blowup 4
 * with 154 (2^20: C = 2^12, 510 KB).
 *
 * <h2>Hiding</h2>
 * Any t &lt;= h opened entries of a data row are uniform (X^C r_i(X) at t distinct nonzero points is onto F^t), u is
 * uniform (m is), q is uniform among polynomials of degree &lt; K + C with the claimed coefficient C - 1 (D is), and
 * Dhi's opened values are uniform given D (D fixes Dlo and Dhi only up to h free coefficients of Dhi); Dlo's and m's
 * opened values follow from those. Leaves are salted with 16 random bytes. The test HidingLigeroZeroKnowledgeTest
 * builds the simulator this argument describes. Opening a commitment spends its hiding coefficients: each commitment
 * is opened once ({@link HidingLigeroPcs} refuses a second opening in one process).
 *
 * <h2>Several openings ({@link #forOpenings}: a key's constants, opened by each of B proofs)</h2>
 * A commitment for B openings holds B independent sets of the six mask rows (set b at mask rows 6b..6b+5, each D_b
 * with its own coefficient C - 1: zero, or a share for {@link LigeroConstraints}) and h_B = B h hiding coefficients per
 * data row (h = t for the presets). Opening b uses set b only: u = m_b + r^T (data rows, D_b rows), q = ... + D_b; b is
 * sent with the opening and absorbed before its first challenge.
 * <ul>
 *   <li><b>Hiding.</b> All openings together open a set S of at most B t &lt;= h_B distinct columns, so every data row's
 *       entries on S are uniform (X^C r_i(X) at |S| &lt;= h_B distinct nonzero points is onto F^|S|), whatever the
 *       openings' order; each q_b and u_b is uniform (D_b and m_b are fresh, used once); Dhi_b's entries on all of S
 *       are uniform given D_b (h_B free low coefficients of Dhi_b); Dlo_b and m_b on S follow from the identities
 *       q_b = P_b + D_b and Enc(u_b) = m_b + r_b U; a set not opened yet is uniform. So the joint view of the B
 *       openings is simulated as one opening is (HidingLigeroZeroKnowledgeTest: two witnesses with equal claims alike
 *       across B openings, told apart by the same statistic when h_B &lt; B t). A set opened twice would reveal
 *       q_b - q'_b, the difference of two batched rows with no mask: the prover data refuses it
 *       ({@link HidingLigeroProverData#select}), and a key read from a file keeps the ledger in that file.</li>
 *   <li><b>Soundness.</b> One opening is the argument above over the tableau (data rows, the 6B mask rows): its
 *       proximity test covers the data rows and D_b (the other sets enter none of its checks, and an opened column
 *       sends only set b's entries, the others bound through the column's set tree: HidingLigeroPcs.SET_TAG), so the same bound holds
 *       with K = C + h_B: eps_B = max(1 - e/N, (K + C - 1 + e)/N), e = floor((N - K - C + 1)/2), about
 *       (1 + (2C + B t)/N)/2, i.e. 3/4 + B t/(8C) when L = 2C. With t kept at 256 the exact check
 *       eps_B^t &lt;= 2^-(TARGET_BITS + 1) forces wide layouts on large tables (B = 16, 2^22 entries: eps &lt;= 0.7606
 *       needs C >= 12 B t, so C = 2^16 and q of 2C + B t coefficients: 3.7 MB openings); more queries tolerate a larger
 *       eps (t = 320: 0.8035, C = 2^14 passes). So for B > 1 the queries t_B are chosen among t, t + 32, ..., 2t (with
 *       h_B = B t_B) as those whose openings of 2^16..2^24 tables, each at its best layout, are smallest in sum
 *       ({@link #forOpenings}; integer arithmetic, the same on every platform): t_B = 288 for B = 2..8, 320 for 16
 *       and 32, 288 for 64; B = 16 at 2^22 then opens 1.9 MB with C = 2^14. Every table size is then checked as for
 *       the presets: >= 102.4 bits for B = 1 (exactly the parameters above), >= 107 bits for the chosen t_B up to
 *       {@link #MAX_OPENINGS}. Each proof's error is bounded on its own (the B openings are B statements). b is bound
 *       before the challenges: otherwise a prover could try each unused set against the challenges and keep one that
 *       passes, B chances for one.</li>
 *   <li><b>Cost.</b> Per opening: t_B columns of 6(B - 1) more mask entries each, q and u longer by about B t_B - t
 *       coefficients (16 bytes each), t_B - t more columns; the key: 6(B - 1) more encoded rows and R (B t_B - t) more
 *       hiding coefficients (docs/zero-knowledge.md, "The budget").</li>
 * </ul>
 *
 * <p>References: [AHIV17] Ligero; [BCIKS20] Proximity Gaps for Reed-Solomon Codes (ePrint 2020/654); the hiding row
 * f + X^C r follows Plonky3's zk Reed-Solomon encoding (p(X) = f(X) + X^l r(X)).
 */
public final class HidingLigeroParams {
    public static final int TARGET_BITS = 100;
    public static final int MAX_VARS = LigeroParams.MAX_VARS;
    /** The largest opening budget B of one commitment (its key grows by 6 mask rows and t hiding coefficients per row per opening). */
    public static final int MAX_OPENINGS = 64;
    static final int ASSUMED_MAX_CLAIMS = 1 << 20;
    private static final double LOG2_Q = 127.99;

    public final int logBlowup;
    public final int numQueries;
    /** Hiding coefficients per row: at least the number of opened columns of all {@link #openings} openings together. */
    public final int hiding;
    /** B, the openings a commitment under these parameters holds masks for ({@link #forOpenings}). */
    public final int openings;
    /** forOpenings(B) by B, made on first use. */
    private final HidingLigeroParams[] byOpenings = new HidingLigeroParams[MAX_OPENINGS + 1];
    /** Per table size: log2 C, or -1 before first use. */
    private final int[] logColsCache = new int[MAX_VARS + 1];

    /** Blowup 2 over the message length (N = 4C for large tables): the least encoding work, 2x Ligero's default. */
    public static final HidingLigeroParams FAST_COMMIT = new HidingLigeroParams(1, 256);
    /** Blowup 4: twice the encoding work of FAST_COMMIT, 154 queries, openings about 20% smaller. */
    public static final HidingLigeroParams SMALL_PROOF = new HidingLigeroParams(2, 154);
    public static final HidingLigeroParams DEFAULT = FAST_COMMIT;

    /** Test seam: a fixed layout for toy parameters (-1: the derived one). */
    private final int forcedLogCols;
    /** False for the unchecked toy parameters of the statistical tests. */
    private final boolean checked;

    public HidingLigeroParams(int logBlowup, int numQueries) {
        this(logBlowup, numQueries, numQueries, true, -1);
    }

    HidingLigeroParams(int logBlowup, int numQueries, int hiding, boolean checked) {
        this(logBlowup, numQueries, hiding, checked, -1);
    }

    /**
     * Test seam: unchecked toy parameters (few queries, a fixed layout) for statistical tests, and hiding below the
     * query count (a deliberately broken variant the zero-knowledge tests show failing).
     */
    HidingLigeroParams(int logBlowup, int numQueries, int hiding, boolean checked, int forcedLogCols) {
        this(logBlowup, numQueries, hiding, checked, forcedLogCols, 1);
    }

    private HidingLigeroParams(int logBlowup, int numQueries, int hiding, boolean checked, int forcedLogCols, int openings) {
        this.forcedLogCols = forcedLogCols;
        this.openings = openings;
        if (logBlowup < 1 || logBlowup > 4) throw new IllegalArgumentException("hiding Ligero blowup 2^" + logBlowup + " out of range 2..16");
        if (numQueries < 1 || numQueries > 4096) throw new IllegalArgumentException("hiding Ligero query count " + numQueries + " out of range 1..4096");
        if (checked && hiding < (long) openings * numQueries) throw new IllegalArgumentException("hiding coefficients " + hiding + " below the " + openings + " x " + numQueries + " opened columns");
        this.logBlowup = logBlowup;
        this.numQueries = numQueries;
        this.hiding = hiding;
        this.checked = checked;
        java.util.Arrays.fill(logColsCache, -1);
        if (checked) {
            for (int n = 1; n <= MAX_VARS; n++) {
                if (logCols(n) < 0 || soundnessBits(n, ASSUMED_MAX_CLAIMS) < TARGET_BITS) {
                    throw new IllegalArgumentException("hiding Ligero blowup 2^" + logBlowup + " with " + numQueries + " queries and " + hiding
                            + " hiding coefficients (" + openings + " openings): no layout of a 2^" + n + " table reaches " + TARGET_BITS + " bits");
                }
            }
        }
    }

    /**
     * The parameters of a commitment opened up to B times (these parameters being its B = 1 form): the same blowup and
     * queries per opening, B times the hiding coefficients (h_B = B h, so the at most B t distinct columns all openings
     * open leave every data row's opened values uniform), each table's layout chosen again for K = C + h_B, and the
     * target checked for every table size (class comment, "Several openings"). Refused (IllegalArgumentException) for B
     * out of 1..{@link #MAX_OPENINGS}.
     */
    public HidingLigeroParams forOpenings(int b) {
        if (openings != 1) throw new IllegalStateException("forOpenings of parameters already for " + openings + " openings");
        if (b < 1 || b > MAX_OPENINGS) throw new IllegalArgumentException("a hiding commitment is opened 1.." + MAX_OPENINGS + " times, not " + b);
        if (b == 1) return this;
        synchronized (byOpenings) {
            if (byOpenings[b] == null) byOpenings[b] = checked ? cheapestFor(b) : new HidingLigeroParams(logBlowup, numQueries, b * hiding, false, forcedLogCols, b);
            return byOpenings[b];
        }
    }

    /** Table sizes whose openings {@link #cheapestFor} weighs (digits-sized tables to an 18M-parameter model's). */
    private static final int REFERENCE_MIN_VARS = 16, REFERENCE_MAX_VARS = 24, QUERY_STEP = 32;

    /**
     * The queries per opening for B openings: of t, t + 32, ..., 2t (h = B t' each), the one whose openings of 2^16..2^24
     * tables are smallest in sum, each table at its own best layout. More queries allow a larger per-query error, so a
     * narrower layout: at B = 16 a 2^22 table keeps C = 2^14 with 320 queries where 256 force C = 2^16 (q of 2C + Bt
     * coefficients, and four times the code length for the 96 mask rows). Checked like the presets.
     */
    private HidingLigeroParams cheapestFor(int b) {
        int bestT = numQueries;
        long bestCost = Long.MAX_VALUE;
        for (int t = numQueries; t <= 2 * numQueries; t += QUERY_STEP) {
            HidingLigeroParams p = new HidingLigeroParams(logBlowup, t, b * t, false, -1, b);
            long cost = 0;
            for (int n = REFERENCE_MIN_VARS; n <= REFERENCE_MAX_VARS && cost < Long.MAX_VALUE; n++) cost = p.logCols(n) < 0 ? Long.MAX_VALUE : cost + p.openingBytes(n);
            if (cost < bestCost) {
                bestCost = cost;
                bestT = t;
            }
        }
        return new HidingLigeroParams(logBlowup, bestT, b * bestT, true, -1, b);
    }

    /** The fewest queries (and hiding coefficients) reaching the target at this blowup for every table size. */
    public static HidingLigeroParams minimalFor(int logBlowup) {
        for (int t = 1; ; t++) {
            HidingLigeroParams p = new HidingLigeroParams(logBlowup, t, t, false);
            boolean ok = true;
            for (int n = 1; n <= MAX_VARS && ok; n++) ok = p.logCols(n) >= 0;
            if (ok) return new HidingLigeroParams(logBlowup, t);
        }
    }

    /** Coefficients per row K = C + h. */
    int msgCoeffs(int logCols) {
        return (1 << logCols) + hiding;
    }

    /** log2 L, the encoder's message length (a power of two >= K). */
    int logMsg(int logCols) {
        int k = msgCoeffs(logCols);
        return 32 - Integer.numberOfLeadingZeros(k - 1);
    }

    /** e = floor((N - K - C + 1) / 2), the proximity radius balancing the two cases (-1: no admissible radius). */
    private static long radius(long c, long k, long n) {
        long e = (n - k - c + 1) / 2;
        return n - k - c + 1 < 0 ? -1 : e;
    }

    /** The per-query pass bound eps = a / N as its numerator a. */
    private static long passNumerator(long c, long k, long n) {
        long e = radius(c, k, n);
        return Math.max(n - e, k + c - 1 + e);
    }

    /**
     * Field elements a commitment to a 2^numVars table under these parameters keeps encoded: R data rows and the
     * {@link #openings} sets of six mask rows, each N = L 2^logBlowup long (L >= C + h: at B = 16 a 2^27 table's rows are
     * twice as long as a binding commitment's).
     */
    public long encodedEntries(int numVars) {
        int logCols = logCols(numVars);
        if (logCols < 0) throw new IllegalArgumentException("hiding Ligero: no layout of a 2^" + numVars + " table under " + this);
        long rows = (1L << (numVars - logCols)) + (long) HidingLigeroPcs.MASK_ROWS * openings;
        return rows << (logMsg(logCols) + logBlowup);
    }

    /**
     * eps^t &lt;= 2^-(TARGET+1) for eps = a / 2^logN, i.e. a^t 2^(TARGET+1) &lt;= 2^(logN t), decided exactly. In doubles
     * first: t (log2 a - logN) + TARGET + 1 is off by less than 1e-9 (t &lt;= 4096, log2 a &lt;= 31, relative error of
     * Math.log about 1e-16), so a margin of 1e-6 either way decides it; only the band between is left to BigInteger.
     * (The exact check alone cost a cold process 100 ms: a few thousand 10,000-bit powers when the parameters of a key
     * for B openings are derived, docs/zero-knowledge.md, "The fixed cost".)
     */
    static boolean passes(long a, int logN, int t) {
        double d = t * (Math.log(a) / Math.log(2) - logN) + TARGET_BITS + 1;
        if (d < -1e-6) return true;
        if (d > 1e-6) return false;
        return exactlyPasses(a, logN, t);
    }

    /** {@link #passes} in integers only. */
    static boolean exactlyPasses(long a, int logN, int t) {
        return BigInteger.valueOf(a).pow(t).shiftLeft(TARGET_BITS + 1).compareTo(BigInteger.ONE.shiftLeft(logN * t)) <= 0;
    }

    /** log2 of the number of matrix columns for a 2^numVars table; -1 if no layout reaches the target. */
    public int logCols(int numVars) {
        if (numVars < 1 || numVars > MAX_VARS) throw new IllegalArgumentException("hiding Ligero supports 1.." + MAX_VARS + " variables, got " + numVars);
        if (forcedLogCols >= 0) return Math.min(forcedLogCols, numVars);
        int cached = logColsCache[numVars];
        if (cached != -1) return cached == -2 ? -1 : cached;
        int best = -1;
        long bestBytes = Long.MAX_VALUE;
        for (int lc = 1; lc <= numVars; lc++) {
            int logN = logMsg(lc) + logBlowup;
            if (logN > 30) break;
            long c = 1L << lc, k = msgCoeffs(lc), n = 1L << logN;
            if (n < k + c || numQueries > n) continue; // q (K + C coefficients) must fit the domain: the verifier evaluates it by one NTT
            if (!passes(passNumerator(c, k, n), logN, numQueries)) continue;
            long bytes = openingBytes(numVars, lc);
            if (bytes < bestBytes) {
                bestBytes = bytes;
                best = lc;
            }
        }
        logColsCache[numVars] = best < 0 ? -2 : best;
        return best;
    }

    /** The bytes of one opening of a 2^numVars table at its layout (q, u, the columns with their salts, Merkle paths). */
    public long openingBytes(int numVars) {
        return openingBytes(numVars, logCols(numVars));
    }

    private long openingBytes(int numVars, int lc) {
        long c = 1L << lc, k = msgCoeffs(lc);
        int logN = logMsg(lc) + logBlowup, rows = 1 << (numVars - lc), logT = 31 - Integer.numberOfLeadingZeros(numQueries);
        // per column: data and one mask set's six entries, the salt, the set path (B > 1), the Merkle siblings (estimate)
        return 16L * (2 * k + c) + (long) numQueries * (8L * (rows + HidingLigeroPcs.MASK_ROWS) + 16 + 32L * HidingLigeroPcs.setDepth(openings) + 32L * Math.max(0, logN - logT));
    }

    /** Soundness in bits of one opening of 2^numVars tables with numClaims claims (class comment). */
    public double soundnessBits(int numVars, int numClaims) {
        int lc = logCols(numVars);
        if (lc < 0) return 0;
        long c = 1L << lc, k = msgCoeffs(lc), n = 1L << (logMsg(lc) + logBlowup);
        double perQuery = Math.log((double) passNumerator(c, k, n) / n) / Math.log(2);
        double fieldTerm = (double) (n + Math.max(1, numClaims)) * Math.pow(2, -LOG2_Q);
        return -Math.log(Math.pow(2, perQuery * numQueries) + fieldTerm) / Math.log(2);
    }

    /** The worst soundness over every supported table size, with up to 2^20 claims per opening. */
    public double minSoundnessBits() {
        double worst = Double.MAX_VALUE;
        for (int n = 1; n <= MAX_VARS; n++) worst = Math.min(worst, soundnessBits(n, ASSUMED_MAX_CLAIMS));
        return worst;
    }

    String label() {
        return "hiding-ligero/v1 logBlowup=" + logBlowup + " queries=" + numQueries + " hiding=" + hiding + (openings > 1 ? " openings=" + openings : "");
    }

    @Override
    public String toString() {
        return "HidingLigero(blowup " + (1 << logBlowup) + ", " + numQueries + " queries, " + hiding + " hiding coefficients"
                + (openings > 1 ? " for " + openings + " openings" : "") + ", >= " + Decimal.fixed(minSoundnessBits(), 1) + " bits)";
    }
}
