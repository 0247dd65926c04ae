package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hiding Ligero prover data (masks, hiding coefficients, salted columns) written to a file and mapped back; a
 * commitment for B openings read back keeps its 6B mask rows in the file until an opening uses its set's six.
 */
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

    @Test
    void aCommitmentForSeveralOpeningsReadBackLoadsOnlyTheMaskSetItOpens() throws Exception {
        long[] t = table(9);
        HidingLigeroPcs hiding = (HidingLigeroPcs) pcs;
        HidingLigeroProverData d = hiding.commit(t, Blinding.from(new SplittableRandom(7)), 3);
        HidingLigeroProverData back = (HidingLigeroProverData) read(write(d, "b3"), t);
        assertEquals(d.commitment(), back.commitment());
        for (long[] row : back.masks) assertNull(row);
        d.select(2);
        back.select(2);
        assertArrayEquals(proof(d, t), proof(back, t));
        for (int r = 0; r < back.masks.length; r++) {
            if (r / HidingLigeroPcs.MASK_ROWS == 2) assertArrayEquals(d.masks[r], back.masks[r], "row " + r);
            else assertNull(back.masks[r], "row " + r + " of an unused set was read");
        }
        // written again from the file, every row comes back
        HidingLigeroProverData again = (HidingLigeroProverData) read(write(back, "b3again"), t);
        for (int r = 0; r < d.masks.length; r++) assertArrayEquals(d.masks[r], again.mask(r), "row " + r);
        assertNotNull(again.masks[0]);
    }
}
