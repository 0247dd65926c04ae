package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.lookup.LenientLookup;
import io.zkml4j.lookup.LookupWitness;
import io.zkml4j.lookup.Table;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The malicious-prover harness of {@link MaliciousProverTest} (faithful transcript, lenient lookup witnesses) on
 * table-lookup layers. Models: SAT = Gemm 7->6, Sigmoid (table scale 2^-15, saturating: up-shift 5, inputs
 * clamped), Gemm 6->3; DOWN = the same with Tanh at table scale 2^-8 (requant by 2^2, remainder range checked);
 * NOSAT = Sigmoid at 2^-15 without saturation (the honest run rejects this input as out of range).
 * Layer 1 is the lookup in each.
 */
class LookupMaliciousProverTest {
    static final QuantizedModel SAT = Models.mlp(77, 7, "Gemm6", "Sigmoid/15/12/1", "Gemm3");
    static final QuantizedModel DOWN = Models.mlp(78, 7, "Gemm6", "Tanh/8/12/1", "Gemm3");
    static final QuantizedModel NOSAT = Models.mlp(77, 7, "Gemm6", "Sigmoid/15/12/0", "Gemm3");
    static final long[] X = Models.randomInput(2, 7);
    static final String RANGE = "logup: the looked-up fractions do not sum";
    static final String TABLE = "lookup into table";

    private static final java.util.Map<QuantizedModel, ProvingKey> KEYS = new java.util.HashMap<>();

    static synchronized ProvingKey pk(QuantizedModel m) {
        return KEYS.computeIfAbsent(m, ModelSetup::setup);
    }

    static void rejected(QuantizedModel m, String expectedPrefix, ModelProver.Cheat cheat) {
        ModelProver.Result r = ModelProver.prove(pk(m), X, cheat);
        String why = ModelProofTest.rejects(pk(m).verifyingKey(), r.input, r.output, r.proof);
        assertTrue(why.startsWith(expectedPrefix), "rejected for another reason: " + why);
    }

    static TableRule rule(QuantizedModel m) {
        return pk(m).verifyingKey().layers().get(1).rule;
    }

    /** The first i with u[i] above the domain by at most 2^16 - 1 (so that the clamp's range checks can be met). */
    static int above(long[] u, TableRule r) {
        for (int i = 0; i < u.length; i++) if (u[i] > r.hi() && u[i] - r.hi() < (1 << 16)) return i;
        throw new AssertionError("no input above the table domain");
    }

    static int inside(long[] u, TableRule r) {
        for (int i = 0; i < u.length; i++) if (u[i] > r.lo() + 1 && u[i] < r.hi() - 1) return i;
        throw new AssertionError("no input inside the table domain");
    }

    @Test
    void faithfulHarnessWithoutCheatVerifies() {
        for (QuantizedModel m : List.of(SAT, DOWN)) {
            ModelProver.Result r = ModelProver.prove(pk(m), X, new MaliciousProverTest.Faithful());
            ModelVerifier.verify(pk(m).verifyingKey(), r.input, r.output, r.proof);
        }
        long[] clamped = new long[2];
        ModelProver.prove(pk(SAT), X, new MaliciousProverTest.Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer != 1) return;
                for (long u : acc) if (u > rule(SAT).hi()) clamped[0]++; else if (u < rule(SAT).lo()) clamped[1]++;
            }
        });
        assertTrue(clamped[0] > 0 && clamped[1] > 0, "the SAT model clamps on both sides: " + clamped[0] + ", " + clamped[1]);
    }

    @Test
    void activationOutputOffByOneIsRejected() {
        for (QuantizedModel m : List.of(SAT, DOWN)) {
            rejected(m, TABLE, new MaliciousProverTest.Faithful() {
                @Override
                public void afterLayer(int layer, long[] out, long[] acc) {
                    if (layer == 1) out[inside(acc, rule(m))] += 1; // z != T(c): not a row of the function table
                }
            });
        }
    }

    @Test
    void inputOutsideTheDomainOfANonSaturatingTableIsRejected() {
        assertThrows(ModelException.class, () -> ModelProver.proveQuantized(pk(NOSAT), X)); // the honest run refuses
        rejected(NOSAT, TABLE, new MaliciousProverTest.Faithful() {
            // the cheat proves z = T(clamp(u)) anyway: the lookup's input column 2^up q is outside the domain
        });
    }

    @Test
    void inputOutsideTheDomainWithoutClampingIsRejected() {
        int[] at = new int[1];
        // c = u beyond hi, e = 0, s_hi = 1: the selector and offset checks hold, but "clamp at lo" with s_lo = 0 bounds
        // c - lo by 2^W - 1, i.e. c <= hi, so the range checks reject before the lookup would (NOSAT: the lookup alone)
        rejected(SAT, RANGE, new MaliciousProverTest.Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 1) at[0] = above(acc, rule(SAT));
            }

            @Override
            public void witness(long[][] slots, AdviceLayout layout) {
                int i = at[0];
                long e = Goldilocks.toSigned(slots[layout.eSlot[1]][i]);
                slots[layout.cSlot[1]][i] = Goldilocks.add(slots[layout.cSlot[1]][i], Goldilocks.fromSigned(e));
                slots[layout.eSlot[1]][i] = 0;
                slots[layout.hiSlot[1]][i] = 1;
            }
        });
    }

    @Test
    void wrongClampIsRejected() {
        for (int variant = 0; variant < 3; variant++) {
            int v = variant;
            int[] at = new int[1];
            rejected(SAT, RANGE, new MaliciousProverTest.Faithful() {
                @Override
                public void afterLayer(int layer, long[] out, long[] acc) {
                    if (layer != 1) return;
                    TableRule r = rule(SAT);
                    at[0] = above(acc, r);
                    out[at[0]] = r.entry(v == 2 ? 0 : r.hi() - 1); // a table row, but not T(clamp(u))
                }

                @Override
                public void witness(long[][] slots, AdviceLayout layout) {
                    int i = at[0];
                    TableRule r = rule(SAT);
                    long c = v == 2 ? 0 : r.hi() - 1, u = Goldilocks.toSigned(slots[layout.cSlot[1]][i]) + Goldilocks.toSigned(slots[layout.eSlot[1]][i]);
                    slots[layout.cSlot[1]][i] = Goldilocks.fromSigned(c);
                    slots[layout.eSlot[1]][i] = Goldilocks.fromSigned(u - c);
                    // 0: s_hi = 1 but c != hi; 1: s_hi = 0 with e > 0; 2: c = 0 with s_hi = 1
                    slots[layout.hiSlot[1]][i] = v == 1 ? 0 : 1;
                }
            });
        }
    }

    @Test
    void wrongClampWithInRangeLimbsIsRejectedByTheRecomposition() {
        int[] at = new int[1];
        rejected(SAT, "layer 'n1' (Sigmoid): clamp at hi: the limbs do not recompose", new MaliciousProverTest.Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer != 1) return;
                at[0] = above(acc, rule(SAT));
                out[at[0]] = rule(SAT).entry(rule(SAT).hi() - 1);
            }

            @Override
            public void witness(long[][] slots, AdviceLayout layout) { // c = hi - 1 with s_hi = 1: "clamp at hi" is -1
                int i = at[0];
                long u = Goldilocks.toSigned(slots[layout.cSlot[1]][i]) + Goldilocks.toSigned(slots[layout.eSlot[1]][i]), c = rule(SAT).hi() - 1;
                slots[layout.cSlot[1]][i] = Goldilocks.fromSigned(c);
                slots[layout.eSlot[1]][i] = Goldilocks.fromSigned(u - c);
            }

            @Override
            public void advice(long[][] slots, AdviceLayout layout) { // ... committed as limbs 0, which are in the table
                for (AdviceLayout.Check c : layout.checks) {
                    if (c.what.endsWith("clamp at hi")) for (int j = 0; j < c.numLimbs; j++) slots[c.firstLimbSlot + j][at[0]] = 0;
                }
            }
        });
    }

    @Test
    void nonBooleanSelectorIsRejected() {
        int[] at = new int[1];
        rejected(SAT, RANGE, new MaliciousProverTest.Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer == 1) at[0] = inside(acc, rule(SAT));
            }

            @Override
            public void witness(long[][] slots, AdviceLayout layout) {
                slots[layout.hiSlot[1]][at[0]] = 2;
            }
        });
    }

    @Test
    void wrongRequantRemainderIsRejected() {
        for (int d : new int[] {1, -1}) {
            rejected(DOWN, RANGE, new MaliciousProverTest.Faithful() {
                @Override
                public void afterLayer(int layer, long[] out, long[] acc) {
                    if (layer != 1) return;
                    int i = inside(acc, rule(DOWN));
                    acc[i] += d; // u off by one: rem = q + h - 2^k u leaves [0, 2^k); z = T(u) stays a table row
                    out[i] = rule(DOWN).entry(acc[i]);
                }
            });
        }
    }

    @Test
    void tableInputNotTiedToTheRequantIsRejected() {
        int[] at = new int[1];
        rejected(DOWN, "layer 'n1' (Tanh): requant: the relation does not hold", new MaliciousProverTest.Faithful() {
            @Override
            public void afterLayer(int layer, long[] out, long[] acc) {
                if (layer != 1) return;
                at[0] = inside(acc, rule(DOWN));
                out[at[0]] = rule(DOWN).entry(acc[at[0]] + 1); // (c + 1, T(c + 1)) is a table row
            }

            @Override
            public void witness(long[][] slots, AdviceLayout layout) {
                slots[layout.cSlot[1]][at[0]] = Goldilocks.add(slots[layout.cSlot[1]][at[0]], 1);
            }
        });
    }

    @Test
    void lookedUpColumnsOtherThanTheCommittedOnesAreRejected() {
        for (int col = 0; col < 2; col++) {
            int column = col;
            int[] at = new int[1];
            long[] honest = new long[1];
            rejected(SAT, "ligero: claim", new MaliciousProverTest.Faithful() {
                @Override
                public void afterLayer(int layer, long[] out, long[] acc) {
                    if (layer != 1) return;
                    at[0] = inside(acc, rule(SAT));
                    honest[0] = out[at[0]];
                    if (column == 1) out[at[0]] += 1; // committed z off by one (the next layer proves on it)
                }

                @Override
                public LookupWitness lookupWitness(Table table, long[][][] segments) {
                    // column 1: the looked-up pair is the honest (c, T(c)) while the committed z is T(c) + 1;
                    // column 0: the looked-up pair is the table row (c + 1, T(c + 1)) while c and z are committed honestly
                    if (table instanceof FunctionTable) {
                        int i = at[0];
                        if (column == 0) {
                            long c = Goldilocks.toSigned(segments[0][0][i]) + 1;
                            segments[0][0][i] = Goldilocks.fromSigned(c);
                            segments[0][1][i] = Goldilocks.fromSigned(rule(SAT).entry(c));
                        } else {
                            segments[0][1][i] = Goldilocks.fromSigned(honest[0]);
                        }
                    }
                    return LenientLookup.witness(table, segments);
                }
            });
        }
    }

    @Test
    void functionTableMultiplicityOffByOneIsRejected() {
        rejected(SAT, TABLE, new MaliciousProverTest.Faithful() {
            @Override
            public LookupWitness lookupWitness(Table table, long[][][] segments) {
                return LenientLookup.witness(table, segments, table instanceof FunctionTable ? 12345 : -1);
            }
        });
    }

    @Test
    void swappedTableRuleIsRejected() {
        ProvingKey pk = pk(SAT);
        ModelProver.Result r = ModelProver.proveQuantized(pk, X);
        VerifyingKey vk = pk.verifyingKey();
        TableRule sig = rule(SAT);
        List<TableRule> others = List.of(
                new TableRule(UnaryFunction.TANH, new double[0], sig.sIn(), sig.sOut(), sig.bits(), sig.lo(), sig.hi(), sig.saturate()),
                new TableRule(UnaryFunction.SIGMOID, new double[0], sig.sIn() - 1, sig.sOut(), sig.bits(), sig.lo(), sig.hi(), sig.saturate()),
                new TableRule(UnaryFunction.SIGMOID, new double[0], sig.sIn(), sig.sOut(), sig.bits(), sig.lo(), sig.hi(), false),
                new TableRule(UnaryFunction.SIGMOID, new double[] {1.0}, sig.sIn(), sig.sOut(), sig.bits(), sig.lo(), sig.hi(), sig.saturate()));
        for (TableRule other : others) {
            VerifyingKey swapped = withRule(vk, other);
            assertNotEquals(vk, swapped);
            ModelProofTest.rejects(swapped, r.input, r.output, r.proof);
        }
        // a prover holding a key with Tanh proves honestly under it; the Sigmoid key rejects that proof
        QuantizedModel tanh = Models.mlp(77, 7, "Gemm6", "Tanh/15/12/1", "Gemm3");
        ProvingKey pkT = ModelSetup.setup(tanh);
        ModelProver.Result rt = ModelProver.proveQuantized(pkT, X);
        ModelVerifier.verify(pkT.verifyingKey(), rt.input, rt.output, rt.proof);
        ModelProofTest.rejects(vk, rt.input, rt.output, rt.proof);
    }

    /** The key with layer 1's rule replaced, everything else (commitments included) kept. */
    static VerifyingKey withRule(VerifyingKey vk, TableRule rule) {
        List<LayerSpec> layers = new ArrayList<>(vk.layers());
        LayerSpec s = layers.get(1);
        int inScale = rule.sIn() - s.up + s.shift;
        layers.set(1, LayerSpec.lookup(s.name, s.op, s.inLen, s.inScale, rule));
        assertTrue(inScale == s.inScale || rule.sIn() != s.rule.sIn());
        return new VerifyingKey(vk.params, vk.inputName, vk.inputShape, vk.inputScale, vk.outputName, vk.outputShape, vk.outputScale,
                layers, vk.rangeBits, vk.commitments);
    }

    @Test
    void verifyingKeyRoundTripsAndItsRuleBytesAreBound() {
        VerifyingKey vk = pk(SAT).verifyingKey();
        byte[] b = vk.toBytes();
        assertTrue(java.util.Arrays.equals(b, VerifyingKey.fromBytes(b).toBytes()));
        ModelProver.Result r = ModelProver.proveQuantized(pk(SAT), X);
        int tried = 0;
        for (int i = 0; i < b.length; i++) {
            byte[] c = b.clone();
            c[i] ^= (byte) (1 << (i % 8));
            VerifyingKey k;
            try {
                k = VerifyingKey.fromBytes(c);
            } catch (ProofFormatException e) {
                continue; // not a key
            }
            ModelProofTest.rejects(k, r.input, r.output, r.proof);
            tried++;
        }
        assertTrue(tried > 10);
    }

    @Test
    void singleByteFlipsAcrossTheProofAreRejected() {
        for (QuantizedModel m : List.of(SAT, DOWN)) {
            ModelProver.Result r = ModelProver.proveQuantized(pk(m), X);
            VerifyingKey vk = pk(m).verifyingKey();
            byte[] p = r.proof;
            int pcsStart = p.length - ModelProof.fromBytes(p, vk).pcs.length;
            int step = Math.max(1, pcsStart / 1500), pcsStep = Math.max(1, (p.length - pcsStart) / 300);
            for (int i = 0; i < p.length; i += i < pcsStart ? step : pcsStep) {
                byte[] c = p.clone();
                c[i] ^= (byte) (1 << (i % 8));
                ModelProofTest.rejects(vk, r.input, r.output, c);
            }
            for (int j = 0; j < ModelProof.fromBytes(p, vk).layers.length; j++) {
                ModelProof q = ModelProof.fromBytes(p, vk);
                q.layers[j].e0 = q.layers[j].e0.add(io.zkml4j.field.GoldilocksExt2.ONE);
                ModelProofTest.rejects(vk, r.input, r.output, q.toBytes());
            }
        }
    }

    @Test
    void verifierMessagesAreOneLine() {
        ModelProver.Result r = ModelProver.proveQuantized(pk(SAT), X);
        VerificationException e = assertThrows(VerificationException.class,
                () -> ModelVerifier.verify(pk(SAT).verifyingKey(), r.input, ModelProofTest.bump(r.output, 0, 1), r.proof));
        assertTrue(!e.getMessage().contains("\n"));
    }
}
