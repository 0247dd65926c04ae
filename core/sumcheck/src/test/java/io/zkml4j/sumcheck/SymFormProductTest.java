package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.ext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.GoldilocksExt2;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The product of two forms with one product variable for their variable parts (Sym.mulAsOne, SymSink.formProduct). */
class SymFormProductTest {
    /** A form over several pads: c + sum_k a_k p_k. */
    private static Sym form(ZeroPads z, SplittableRandom r, int pads) {
        Sym s = Sym.known(ext(r));
        for (int k = 0; k < pads; k++) s = s.add(z.receive(GoldilocksExt2.ZERO).scale(ext(r)));
        return s;
    }

    @Test
    void theProductVariableStandsForTheProductOfTheVariableParts() {
        SplittableRandom r = new SplittableRandom(3);
        ZeroPads z = new ZeroPads();
        Sym a = form(z, r, 3), b = form(z, r, 2);
        Sym ab = z.mulForms(a, b);
        assertEquals(1, z.formProducts(), "one product variable, not 3 x 2 pad products");
        assertEquals(0, z.products());
        // any pad values, and the product variable set to lin(a) lin(b): the form is a b
        Map<Integer, GoldilocksExt2> pads = new HashMap<>();
        for (int v = 0; v < z.pads(); v++) pads.put(v, ext(r));
        GoldilocksExt2 linA = a.evaluate(pads::get).sub(a.constant()), linB = b.evaluate(pads::get).sub(b.constant());
        GoldilocksExt2 product = ab.evaluate(v -> pads.containsKey(v) ? pads.get(v) : linA.mul(linB));
        assertEquals(a.evaluate(pads::get).mul(b.evaluate(pads::get)), product);
        // a wrong product variable changes it: the variable is load-bearing
        assertNotEquals(product, ab.evaluate(v -> pads.containsKey(v) ? pads.get(v) : linA.mul(linB).add(GoldilocksExt2.ONE)));
    }

    @Test
    void aPublicFactorTakesNoProductVariable() {
        SplittableRandom r = new SplittableRandom(4);
        ZeroPads z = new ZeroPads();
        Sym a = form(z, r, 2);
        GoldilocksExt2 k = ext(r);
        Sym left = z.mulForms(Sym.known(k), a), right = z.mulForms(a, Sym.known(k));
        assertEquals(0, z.formProducts() + z.products());
        assertEquals(a.scale(k).constant(), left.constant());
        assertEquals(a.scale(k).constant(), right.constant());
    }

    @Test
    void productVariablesAreDistinctFromPadsAndFromEachOther() {
        SplittableRandom r = new SplittableRandom(5);
        ZeroPads z = new ZeroPads();
        Sym a = form(z, r, 2), b = form(z, r, 2);
        int padProduct = z.product(0, 1);
        int formProduct = z.formProduct(a, b);
        assertNotEquals(padProduct, formProduct);
        assertEquals(1, z.products());
        assertEquals(1, z.formProducts());
        // with every pad zero the product's value is the constants' product
        assertEquals(a.constant().mul(b.constant()), z.mulForms(a, b).constant());
    }

    @Test
    void aSinkWithoutFormProductsRefusesOne() {
        SymSink none = new SymSink() {
            @Override
            public Sym receive(GoldilocksExt2 e) {
                return Sym.received(e, 0);
            }

            @Override
            public void zero(Sym form, String what) {}

            @Override
            public int product(int i, int j) {
                return 1;
            }
        };
        Sym p = none.receive(GoldilocksExt2.ONE);
        assertThrows(UnsupportedOperationException.class, () -> none.mulForms(p, p));
    }
}
