package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LigeroParamsTest {
    @Test
    void everyPresetReachesTheTarget() {
        for (LigeroParams p : new LigeroParams[] {LigeroParams.DEFAULT, LigeroParams.FAST_COMMIT, LigeroParams.BALANCED, LigeroParams.SMALL_PROOF}) {
            assertTrue(p.minSoundnessBits() >= LigeroParams.TARGET_BITS, p.toString());
            for (int n = 1; n <= LigeroParams.MAX_VARS; n++) {
                assertTrue(p.soundnessBits(n, 1 << 20) >= LigeroParams.TARGET_BITS, p + " at n=" + n);
            }
        }
    }

    @Test
    void presetsMatchTheDocumentedDerivation() {
        // e/N = (1 - rho)/2: t = ceil(100 / -log2(1 - (1 - rho)/2)).
        assertEquals(148, LigeroParams.BALANCED.numQueries);
        assertEquals(2, LigeroParams.BALANCED.logBlowup);
        assertEquals(LigeroParams.FAST_COMMIT, LigeroParams.DEFAULT);
        assertEquals(241, LigeroParams.FAST_COMMIT.numQueries);
        assertEquals(110, LigeroParams.SMALL_PROOF.numQueries);
        // the presets are written out: they must be what the search finds
        for (LigeroParams p : new LigeroParams[] {LigeroParams.FAST_COMMIT, LigeroParams.BALANCED, LigeroParams.SMALL_PROOF}) {
            assertEquals(LigeroParams.minimalFor(p.logBlowup).numQueries, p.numQueries, p.toString());
        }
        for (int lb = 1; lb <= 6; lb++) {
            double rho = Math.pow(2, -lb);
            double perQuery = -Math.log(1 - (1 - rho) / 2) / Math.log(2);
            assertEquals((int) Math.ceil(100 / perQuery), LigeroParams.minimalFor(lb).numQueries, "blowup 2^" + lb);
        }
    }

    @Test
    void insecureChoicesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LigeroParams(0, 1000), "blowup 1");
        assertThrows(IllegalArgumentException.class, () -> new LigeroParams(2, 147), "one query short");
        assertThrows(IllegalArgumentException.class, () -> new LigeroParams(1, 148), "blowup 2 needs 241");
        assertThrows(IllegalArgumentException.class, () -> new LigeroParams(2, 0));
        new LigeroParams(2, 148);
        new LigeroParams(2, 200);
    }

    @Test
    void moreQueriesGiveMoreBits() {
        LigeroParams a = new LigeroParams(2, 148), b = new LigeroParams(2, 200);
        assertTrue(b.soundnessBits(20, 1) > a.soundnessBits(20, 1));
        assertTrue(a.soundnessBits(20, 1) < 101 && a.soundnessBits(20, 1) > 100);
    }

    @Test
    void splitIsValidForEverySize() {
        for (LigeroParams p : new LigeroParams[] {LigeroParams.DEFAULT, LigeroParams.FAST_COMMIT, LigeroParams.BALANCED, LigeroParams.SMALL_PROOF}) {
            for (int n = 1; n <= LigeroParams.MAX_VARS; n++) {
                int lc = p.logCols(n);
                assertTrue(lc >= 1 && lc <= n && lc + p.logBlowup <= 30, p + " n=" + n + " logCols=" + lc);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LigeroParams.DEFAULT.logCols(0));
    }
}
