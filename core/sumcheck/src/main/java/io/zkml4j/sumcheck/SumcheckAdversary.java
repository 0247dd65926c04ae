package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

import java.util.function.Consumer;

/**
 * A cheating prover's hand on the sumcheck messages this thread's provers send ({@link SumcheckTranscript#withAdversary}):
 * for tests of the verifiers built on sumcheck, which must be played against a prover that lies inside the rounds and
 * keeps the transcript faithful, not only against one whose first round already fails.
 */
public interface SumcheckAdversary {
    /** The claimed sum about to be bound (honest: the tables' sum); returns the one to bind instead. */
    GoldilocksExt2 claim(int numVars, int degree, GoldilocksExt2 honest);

    /** Round message g(0..d) about to be absorbed and sent; may be altered in place. */
    void round(GoldilocksExt2[] evals);

    /** The challenge drawn after the last round message. */
    void challenge(GoldilocksExt2 c);

    /**
     * The classic liar: binds {@code target} as the sum (null: the honest sum), lets {@code tamper} (may be null) alter
     * round {@code tamperRound}'s message, then shifts every round message by a constant so that g(0) + g(1) equals the
     * running claim. Every round check then passes and the lie survives to the end: the sumcheck's final claim is not
     * the honest evaluation of the summand, which only the caller's final check can catch.
     */
    static SumcheckAdversary consistent(GoldilocksExt2 target, int tamperRound, Consumer<GoldilocksExt2[]> tamper) {
        return new SumcheckAdversary() {
            private GoldilocksExt2 running;
            private GoldilocksExt2[] last;
            private int round;

            @Override
            public GoldilocksExt2 claim(int numVars, int degree, GoldilocksExt2 honest) {
                running = target != null ? target : honest;
                return running;
            }

            @Override
            public void round(GoldilocksExt2[] evals) {
                if (tamper != null && round == tamperRound) tamper.accept(evals);
                GoldilocksExt2 half = running.sub(evals[0].add(evals[1])).mul(GoldilocksExt2.ofBase(io.zkml4j.field.Goldilocks.inv(2)));
                for (int i = 0; i < evals.length; i++) evals[i] = evals[i].add(half);
                last = evals;
                round++;
            }

            @Override
            public void challenge(GoldilocksExt2 c) {
                running = Univariate.evaluate(last, c);
            }
        };
    }
}
