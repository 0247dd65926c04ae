package io.zkml4j.pcs;

import java.util.SplittableRandom;

/** Hiding Ligero prover data (masks, hiding coefficients, salted columns) written to a file and mapped back. */
class HidingLigeroProverDataFileTest extends LigeroProverDataFileTest {
    @Override
    MultilinearPcs scheme() {
        return new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
    }

    @Override
    PcsProverData commit(long[] t) {
        return pcs.commit(t, Blinding.from(new SplittableRandom(t.length)));
    }

    @Override
    EncodedColumns encoded(PcsProverData d) {
        return ((HidingLigeroProverData) d).encoded;
    }
}
