package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;

/**
 * The NTT's twiddle multiplies, dst[d + j] = x[xo + j] * w[wo + j] for j &lt; n: the one loop of {@link RsEncoder} that
 * stays scalar. On JDK 18+ the prover's encoding takes {@link Fast#INSTANCE}, {@link TwiddleMulJdk}, whose high word
 * of the product comes from {@code Math.unsignedMultiplyHigh} (one instruction), not from the signed
 * {@code multiplyHigh} with its two corrections that {@link Goldilocks#mul} uses at language level 17.
 */
class TwiddleMul {
    /** Through {@link Goldilocks#mul}: what every JDK and the JavaScript build run. */
    static final TwiddleMul PORTABLE = new TwiddleMul();

    void mulInto(long[] dst, int d, long[] x, int xo, long[] w, int wo, int n) {
        for (int j = 0; j < n; j++) dst[d + j] = Goldilocks.mul(x[xo + j], w[wo + j]);
    }

    /**
     * The prover's choice, in a class of its own that only the prover's encoding reaches: TeaVM links the class named
     * below when this is reachable, and its class library has no method handles. {@link #PORTABLE} on JDK 17.
     */
    static final class Fast {
        private Fast() {}

        static final TwiddleMul INSTANCE = choose();

        private static TwiddleMul choose() {
            try {
                return (TwiddleMul) Class.forName("io.zkml4j.pcs.TwiddleMulJdk").getDeclaredConstructor().newInstance();
            } catch (Throwable e) {
                return PORTABLE; // JDK 17: no unsignedMultiplyHigh
            }
        }
    }
}
