package io.zkml4j.field;

import java.util.Random;

class GoldilocksLawsTest extends FieldLawsContract<Long> {
    static final long[] EDGES = {0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, 1L << 32, (1L << 32) - 1, (1L << 32) + 1,
        Goldilocks.P >>> 1, (Goldilocks.P >>> 1) + 1, Long.MAX_VALUE, 0xFFFF_FFFE_FFFF_FFFFL};

    static long randomElement(Random rnd) {
        if (rnd.nextInt(4) == 0) return EDGES[rnd.nextInt(EDGES.length)];
        return Goldilocks.reduce64(rnd.nextLong());
    }

    @Override Long add(Long a, Long b) { return Goldilocks.add(a, b); }
    @Override Long sub(Long a, Long b) { return Goldilocks.sub(a, b); }
    @Override Long mul(Long a, Long b) { return Goldilocks.mul(a, b); }
    @Override Long neg(Long a) { return Goldilocks.neg(a); }
    @Override Long inv(Long a) { return Goldilocks.inv(a); }
    @Override Long zero() { return 0L; }
    @Override Long one() { return 1L; }
    @Override Long random(Random rnd) { return randomElement(rnd); }
}
