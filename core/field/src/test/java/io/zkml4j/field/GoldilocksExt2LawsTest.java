package io.zkml4j.field;

import java.util.Random;

class GoldilocksExt2LawsTest extends FieldLawsContract<GoldilocksExt2> {
    @Override GoldilocksExt2 add(GoldilocksExt2 a, GoldilocksExt2 b) { return a.add(b); }
    @Override GoldilocksExt2 sub(GoldilocksExt2 a, GoldilocksExt2 b) { return a.sub(b); }
    @Override GoldilocksExt2 mul(GoldilocksExt2 a, GoldilocksExt2 b) { return a.mul(b); }
    @Override GoldilocksExt2 neg(GoldilocksExt2 a) { return a.neg(); }
    @Override GoldilocksExt2 inv(GoldilocksExt2 a) { return a.inv(); }
    @Override GoldilocksExt2 zero() { return GoldilocksExt2.ZERO; }
    @Override GoldilocksExt2 one() { return GoldilocksExt2.ONE; }
    @Override GoldilocksExt2 random(Random rnd) {
        return GoldilocksExt2.of(GoldilocksLawsTest.randomElement(rnd), rnd.nextInt(5) == 0 ? 0 : GoldilocksLawsTest.randomElement(rnd));
    }
}
