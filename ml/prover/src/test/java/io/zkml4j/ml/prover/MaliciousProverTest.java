package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.lookup.LenientLookup;
import io.zkml4j.lookup.LookupWitness;
import io.zkml4j.lookup.Table;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A malicious prover that keeps the transcript faithful (it runs the honest protocol on a tampered witness, with
 * lookup multiplicities that ignore out-of-table rows) and cheats in one layer. Each cheat must be rejected; the
 * same harness without a cheat must verify, so the rejections come from the checks, not from the harness.
 * digits_mlp: layer 0 Gemm 64->32 (+ rescale), layer 1 Relu, layer 2 Gemm 32->10 (+ rescale, public output).
 */
class MaliciousProverTest {
    /** Base cheat: the faithful harness (lenient lookup witness, no change). */
    static class Faithful implements ModelProver.Cheat {
        @Override
        public LookupWitness lookupWitness(Table table, long[][][] segments) {
            return LenientLookup.witness(table, segments);
        }
    }

    static ModelProver.Result prove(ModelProver.Cheat cheat) {
        ProvingKey pk = ModelProofTest.digitsPk();
        long[] x = ModelProofTest.digitsProof().input;
        return ModelProver.prove(pk, x, cheat);
    }

    /** The cheat is rejected by the check named {@code expected} (a substring of the verifier's message). */
    static void rejected(String expected, ModelProver.Cheat cheat) {
        ModelProver.Result r = prove(cheat);
        String why = ModelProofTest.rejects(ModelProofTest.digitsPk().verifyingKey(), r.input, r.output, r.proof);
        assertTrue(why.contains(expected), "rejected for another reason: " + why);
    }

    static final String RANGE = "logup: the looked-up fractions do not sum";

    static int shift(int layer) {
        return ModelProofTest.digitsPk().verifyingKey().layers().get(layer).shift;
    }

    @Test
    void layoutIsTheExpectedOne() {
        var layers = ModelProofTest.digitsPk().verifyingKey().layers();
        assertEquals(3, layers.size());
        assertEquals(LayerSpec.Kind.RELU, layers.get(1).kind);
        assertTrue(shift(0) > 0 && shift(2) > 0);
    }

    @Test
    void faithfulHarnessWithoutCheatVerifies() {
        ModelProver.Result r = prove(new Faithful());
        ModelVerifier.verify(ModelProofTest.digitsPk().verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void remainderPlus2kWithQuotientMinusOneIsRejected() {
        rejected(RANGE, new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 0) out[3] -= 1; // rem' = rem + 2^k: acc + h - rem' = 2^k q' still holds exactly
            }
        });
    }

    @Test
    void negativeRemainderWithQuotientPlusOneIsRejected() {
        rejected(RANGE, new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 0) out[5] += 1; // rem' = rem - 2^k < 0, wraps to p - (2^k - rem)
            }
        });
    }

    @Test
    void remainderPMinusOneWithWrappedQuotientIsRejected() {
        int k = shift(0);
        long[] seenRem = new long[1];
        rejected(RANGE, new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 0) {
                    // q' = (acc + h + 1) / 2^k in the field, so rem' = acc + h - 2^k q' = -1 = p - 1
                    long num = Goldilocks.add(Goldilocks.fromSigned(acc[2]), (1L << (k - 1)) + 1);
                    out[2] = Goldilocks.toSigned(Goldilocks.mul(num, Goldilocks.inv(1L << k)));
                }
                if (layer == 1) out[2] = 0; // the Relu "output" of a wrapped value: 0, so z (z - q) = 0 still holds
            }

            @Override
            public void advice(long[][] slots, AdviceLayout layout) {
                seenRem[0] = slots[layout.remSlot[0]][2];
            }
        });
        assertEquals(Goldilocks.P - 1, seenRem[0], "the cheat commits the remainder p - 1");
    }

    @Test
    void reluZeroWhereInputPositiveIsRejected() {
        rejected(RANGE, new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 1) {
                    int i = firstPositive(out);
                    out[i] = 0; // z (z - q) = 0 holds; z - q < 0 must be caught by the range check
                }
            }
        });
    }

    @Test
    void reluPassingANegativeValueIsRejected() {
        long[][] q = new long[1][];
        rejected(RANGE, new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 0) q[0] = out.clone();
                if (layer == 1) {
                    for (int i = 0; i < out.length; i++) {
                        if (q[0][i] < 0) {
                            out[i] = q[0][i]; // z = q < 0: z (z - q) = 0, z must fail its range check
                            return;
                        }
                    }
                    throw new AssertionError("no negative pre-activation");
                }
            }
        });
    }

    @Test
    void reluOutputOffByOneIsRejected() {
        rejected("(Relu): sumcheck", new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 1) out[firstPositive(out)] += 1; // in range, but z (z - q) != 0: the zero-check
            }
        });
    }

    @Test
    void outOfRangeRemainderInTheOutputLayerIsRejected() {
        rejected(RANGE, new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 2) out[4] -= 1; // claimed output one lower, rem' = rem + 2^k
            }
        });
    }

    @Test
    void limbsThatDoNotRecomposeTheRemainderAreRejected() {
        rejected("rescale remainder: the limbs do not recompose", new Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 0) out[3] -= 1;
            }

            @Override
            public void advice(long[][] slots, AdviceLayout layout) {
                // every limb in its table (the honest remainder's limbs), but the committed remainder is rem + 2^k
                AdviceLayout.Check c = layout.checks.get(0);
                long honest = slots[layout.remSlot[0]][3] - (1L << shift(0));
                for (int j = 0; j < c.numLimbs; j++) slots[c.firstLimbSlot + j][3] = (honest >>> (c.limbBits * j)) & ((1L << c.limbBits) - 1);
            }
        });
    }

    @Test
    void multiplicityOffByOneIsRejected() {
        rejected(RANGE, new Faithful() {
            @Override
            public LookupWitness lookupWitness(Table table, long[][][] segments) {
                return LenientLookup.witness(table, segments, 7);
            }
        });
    }

    @Test
    void proofOfAnotherInputUnderTheClaimedInputIsRejected() {
        rejected("public input disagrees", new Faithful() {
            @Override
            public long[] claimedInput(long[] x) {
                return ModelProofTest.bump(x, 10, 1); // statement says x', the layers were proven on x
            }
        });
    }

    @Test
    void claimedOutputOtherThanTheComputedOneIsRejected() {
        rejected("(Gemm): sumcheck", new Faithful() {
            @Override
            public long[] claimedOutput(long[] y) {
                return ModelProofTest.bump(y, 0, 1); // the output claim then disagrees with the last layer
            }
        });
    }

    static int firstPositive(long[] v) {
        for (int i = 0; i < v.length; i++) if (v[i] > 0) return i;
        throw new AssertionError("no positive activation");
    }
}
