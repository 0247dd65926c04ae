package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.ext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.VerificationException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sinks' own contract: ZeroPads' numbering and decisions, SymSink's defaults, and Sym.mul with a public factor on either side. */
class SymSinkTest {
    @Test
    void zeroPadsNumbersProductsApartFromPadsAndDecidesAtOnce() {
        SplittableRandom r = new SplittableRandom(1);
        ZeroPads z = new ZeroPads();
        Sym a = z.receive(ext(r)), b = z.receive(ext(r)), c = z.receive(ext(r));
        Set<Integer> products = new HashSet<>();
        for (int[] ij : new int[][] {{0, 1}, {1, 2}, {0, 2}, {2, 2}}) {
            int v = z.product(ij[0], ij[1]);
            assertTrue(v >= z.pads(), "a product variable is not a pad: " + v);
            products.add(v);
        }
        assertEquals(4, products.size(), "each product its own variable");
        assertEquals(4, z.products());
        assertEquals(a.constant().mul(b.constant()), z.mul(a, b).constant(), "with every pad zero, a product's value is the constants' product");
        z.zero(a.sub(Sym.known(a.constant())), "a - e = 0");
        assertThrows(VerificationException.class, () -> z.zero(c, "c = 0"));
        z.nonZero(c, "c != 0");
        VerificationException e = assertThrows(VerificationException.class, () -> z.nonZero(c.sub(Sym.known(c.constant())), "zero"));
        assertEquals("zero", e.getMessage());
        assertEquals(4, z.constraints(), "every check counted, decided or not");
    }

    @Test
    void theDefaultNonZeroDecidesPublicFormsAndRefusesHiddenOnes() {
        SymSink encrypted = new SymSink() {
            private int next;

            public Sym receive(GoldilocksExt2 e) {
                return Sym.received(e, next++);
            }

            public void zero(Sym form, String what) {}

            public int product(int i, int j) {
                return 1000 + i * 10 + j;
            }
        };
        encrypted.nonZero(Sym.known(GoldilocksExt2.ONE), "one");
        assertThrows(VerificationException.class, () -> encrypted.nonZero(Sym.known(GoldilocksExt2.ZERO), "zero"));
        assertThrows(UnsupportedOperationException.class, () -> encrypted.nonZero(encrypted.receive(GoldilocksExt2.ONE), "hidden"));
    }

    /** x * k and k * x agree for public k on either side, and a product of two hidden forms uses the declared product variable. */
    @Test
    void mulByAPublicValueOnEitherSideAndOfTwoHiddenForms() {
        SplittableRandom r = new SplittableRandom(2);
        GoldilocksExt2[] vars = {ext(r), ext(r), null};
        vars[2] = vars[0].mul(vars[1]);
        SymSink sink = new SymSink() {
            public Sym receive(GoldilocksExt2 e) {
                throw new UnsupportedOperationException();
            }

            public void zero(Sym form, String what) {}

            public int product(int i, int j) {
                assertEquals(Set.of(0, 1), Set.of(i, j));
                return 2;
            }
        };
        Sym x = Sym.received(ext(r), 0), y = Sym.received(ext(r), 1);
        GoldilocksExt2 k = ext(r);
        GoldilocksExt2 xv = x.evaluate(i -> vars[i]), yv = y.evaluate(i -> vars[i]);
        assertEquals(xv.mul(k), sink.mul(x, Sym.known(k)).evaluate(i -> vars[i]));
        assertEquals(xv.mul(k), sink.mul(Sym.known(k), x).evaluate(i -> vars[i]));
        assertEquals(xv.mul(yv), sink.mul(x, y).evaluate(i -> vars[i]));
        assertEquals(xv.mul(yv).mul(k), sink.mul(sink.mul(x, Sym.known(k)), y).evaluate(i -> vars[i]));
    }
}
