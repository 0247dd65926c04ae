package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.ZeroPads;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Val's two sides agree: under ZeroPads a symbolic value's constant is the concrete value, whatever the arithmetic. */
class ValTest {
    private static GoldilocksExt2 ext(SplittableRandom r) {
        return GoldilocksExt2.of(Long.remainderUnsigned(r.nextLong(), 0xFFFFFFFF00000001L), Long.remainderUnsigned(r.nextLong(), 0xFFFFFFFF00000001L));
    }

    /** The same expression over both sides: a b k + (a - b) 3 - c, and expr(a, b, c). */
    private static Val expression(Val a, Val b, Val c, GoldilocksExt2 k, SumOfProducts expr) {
        return a.mul(b).mul(k).add(a.sub(b).mulBase(3)).sub(c).neg().add(Val.evaluate(expr, a, b, c));
    }

    @Test
    void symbolicUnderZeroPadsComputesWhatConcreteComputes() {
        SplittableRandom r = new SplittableRandom(7);
        SumOfProducts expr = SumOfProducts.builder(3).term(GoldilocksExt2.ONE, 0, 1, 2).term(ext(r), 2).build();
        for (int i = 0; i < 20; i++) {
            GoldilocksExt2 a = ext(r), b = ext(r), c = ext(r), k = ext(r);
            ZeroPads z = new ZeroPads();
            Val concrete = expression(Val.of(a), Val.of(b), Val.of(c), k, expr);
            Val symbolic = expression(Val.received(z, a), Val.received(z, b), Val.received(z, c), k, expr);
            assertTrue(symbolic.isSymbolic());
            assertEquals(concrete.concrete(), symbolic.padsZero());
            assertEquals(3, z.pads());
            // a b, then a b c in the expression's first term: one product variable per product of two forms
            assertEquals(3, z.formProducts());
            assertEquals(0, z.products());
        }
    }

    @Test
    void aConcreteValueNeverTakesAPadOrAProductVariable() {
        ZeroPads z = new ZeroPads();
        Val s = Val.received(z, GoldilocksExt2.ONE);
        Val p = s.mul(Val.of(GoldilocksExt2.ofBase(5))).add(Val.of(GoldilocksExt2.ONE).mul(s));
        assertEquals(GoldilocksExt2.ofBase(6), p.padsZero());
        assertEquals(0, z.formProducts() + z.products());
        assertThrows(IllegalStateException.class, p::concrete, "a symbolic value has no concrete value");
    }

    @Test
    void aCheckIsDecidedWhenConcreteAndDeferredWhenSymbolic() {
        Circuit c = MaliciousProverTest.linearPk().vk.circuit;
        ZeroPads z = new ZeroPads();
        VerifierCtx concrete = new VerifierCtx(c, new Transcript("t"), null, null, null);
        VerifierCtx symbolic = new VerifierCtx(c, new Transcript("t"), null, null, z);
        Val one = Val.of(GoldilocksExt2.ONE);
        concrete.check(one, GoldilocksExt2.ONE, "equal");
        assertThrows(VerificationException.class, () -> concrete.check(one, GoldilocksExt2.ZERO, "different"));
        // public on both sides: decided at once, no constraint
        symbolic.check(one, GoldilocksExt2.ONE, "equal");
        assertEquals(0, z.constraints());
        Val e = Val.received(z, GoldilocksExt2.ONE);
        symbolic.check(e, GoldilocksExt2.ONE, "equal");
        assertEquals(1, z.constraints());
        VerificationException x = assertThrows(VerificationException.class, () -> symbolic.check(e, GoldilocksExt2.ZERO, "e is not 0"));
        assertEquals("e is not 0", x.getMessage());
        assertEquals(2, z.constraints());
        assertFalse(one.isSymbolic());
    }
}
