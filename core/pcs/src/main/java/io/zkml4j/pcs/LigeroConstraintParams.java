package io.zkml4j.pcs;

import io.zkml4j.field.codec.Decimal;

/**
 * Soundness of {@link LigeroConstraints}' two tests with the parameters actually used: the hiding commitment's
 * {@link HidingLigeroParams} (blowup, t queries, h hiding coefficients, the layout (C_i, K_i, N_i) of each tableau)
 * and the numbers of linear constraints m and products (quadratic constraints) m_q of the statement. q = p^2 ~ 2^128 is
 * the size of GoldilocksExt2, where every challenge is drawn.
 *
 * <h2>Linear test</h2>
 * The m constraints and the 3 m_q the products reduce to are batched with gamma^(j+1) (j = 0..m + 3 m_q - 1) into one
 * weighted term list; per tableau i the prover sends q_i = sum_j gamma^(j+1) sum_rows a~_(j,row)(X) f_row(X) + D_i(X),
 * each a~ of degree &lt; C_i (an evaluation term's a(X) = sum_k eqR[k] X^(C-1-k) times eqL's row weight; an entry
 * term's X^(C-1-col) on its row). That is the evaluation test of {@link HidingLigeroParams} with the claims' a_j
 * replaced by these a~: P_i = sum_j gamma^(j+1) sum_rows a~ f*_row + D_i* still has degree &lt; K_i + C_i, so its
 * argument applies unchanged: tableau i fails to catch a q_i != P_i with probability at most
 * eps_i^t + N_i/q, eps_i = max(1 - e_i/N_i, (K_i + C_i - 1 + e_i)/N_i); and when every q_i = P_i, the check
 * sum_i coeff_(C_i - 1)(q_i) = sum_j gamma^(j+1) rhs_j is sum_j gamma^(j+1) (lhs*_j - rhs_j) = sum_i delta_i, the
 * masks' coefficients (shares of zero from an honest prover, fixed before gamma): a false constraint makes the left a
 * nonzero polynomial in gamma of degree &lt;= m + 3 m_q without constant term, equal to the constant with probability at
 * most (m + 3 m_q)/q.
 *
 * <h2>Product test</h2>
 * For a product with committed (decoded) values x, y, z, alpha, beta, rho1, rho2, all fixed before the challenge e:
 * its three linear constraints hold (else the linear test above) only if X' = e x + alpha, Y' = e y + beta and
 * X' Y' - e^2 z - e rho2 - rho1 = e^2 (x y - z) + e (x beta + y alpha - rho2) + (alpha beta - rho1) = 0, a polynomial
 * in e of degree 2 that is nonzero when z != x y: probability at most 2/q per product, 2 m_q/q for all.
 *
 * <h2>Total</h2>
 * {@code err <= sum_i (eps_i^t + N_i/q) + (m + 5 m_q)/q}, plus SHA-256 collision resistance for the Merkle trees;
 * {@link #soundnessBits} computes it (the per-tableau term is {@link HidingLigeroParams#soundnessBits}, whose field
 * term already counts one claim) and {@link #require} refuses a statement below {@link HidingLigeroParams#TARGET_BITS}.
 * With the default parameters the per-tableau term dominates (about 2^-102 each); the field terms stay below 2^-100
 * up to about 2^27 constraints.
 *
 * <h2>Zero knowledge</h2>
 * The opening is the hiding commitment's (its simulator extends to entry terms, the shared column form), with the
 * tableaux' coefficient shares uniform given their sum; X' and Y' are uniform (alpha, beta uniform, used once).
 * {@link LigeroConstraints#simulate} is the simulator.
 */
public final class LigeroConstraintParams {
    private static final double LOG2_Q = 127.99;

    private LigeroConstraintParams() {}

    /** Bits of soundness of one proof of m linear constraints and mq products over tableaux of 2^numVars[i] entries, each opened once. */
    public static double soundnessBits(HidingLigeroParams p, int[] numVars, int m, int mq) {
        int[] once = new int[numVars.length];
        java.util.Arrays.fill(once, 1);
        return soundnessBits(p, numVars, once, m, mq);
    }

    /**
     * As above, tableau i committed for openings[i] openings: its term is that of p.forOpenings(openings[i]) (more
     * hiding coefficients, so a larger per-query error eps_i at the same t: {@link HidingLigeroParams}, "Several openings").
     */
    public static double soundnessBits(HidingLigeroParams p, int[] numVars, int[] openings, int m, int mq) {
        double err = 0;
        for (int i = 0; i < numVars.length; i++) err += Math.pow(2, -p.forOpenings(openings[i]).soundnessBits(numVars[i], 1));
        err += ((double) m + 5.0 * mq) * Math.pow(2, -LOG2_Q);
        return -Math.log(err) / Math.log(2);
    }

    /** Refuses a statement whose soundness falls below the target (too many tableaux or constraints). */
    static void require(HidingLigeroParams p, int[] numVars, int[] openings, int m, int mq, java.util.function.Function<String, RuntimeException> err) {
        double bits = soundnessBits(p, numVars, openings, m, mq);
        if (!(bits >= HidingLigeroParams.TARGET_BITS)) {
            throw err.apply("zk constraints: " + Decimal.fixed(bits, 1) + " bits of soundness for " + numVars.length + " tableaux, " + m
                    + " linear constraints and " + mq + " products, below " + HidingLigeroParams.TARGET_BITS);
        }
    }
}
