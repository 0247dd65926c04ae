package io.zkml4j.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.transcript.VerificationException;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Guards of Merkle verification and tree building (found by mutation testing, docs/mutation.md). */
class MerkleGuardTest {
    private static final Hash H = Hashes.sha256();
    private static final int D = Hash.DIGEST_BYTES;

    private static MerkleTree tree(int leaves) {
        long[] data = new long[leaves];
        for (int i = 0; i < leaves; i++) data[i] = 1000 + i;
        return MerkleTree.fromLeafDigests(H, MerkleTree.leafDigests(H, data, 1, leaves), leaves);
    }

    private static byte[] leaves(int... values) {
        byte[] out = new byte[values.length * D];
        for (int i = 0; i < values.length; i++) System.arraycopy(MerkleTree.leafDigest(H, new long[] {values[i]}, 0, 1), 0, out, i * D, D);
        return out;
    }

    private static VerificationException rejected(byte[] root, int depth, int[] idx, byte[] leaves, byte[] sibs) {
        return assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "w", root, depth, idx, leaves, sibs));
    }

    @Test
    void malformedOpeningsAreVerificationErrorsNamingTheirFault() {
        MerkleTree t = tree(8);
        int[] idx = {1, 6};
        byte[] sibs = t.open(idx);
        MerkleTree.verify(H, "w", t.root(), 3, idx, leaves(1001, 1006), sibs);
        assertTrue(rejected(java.util.Arrays.copyOf(t.root(), D - 1), 3, idx, leaves(1001, 1006), sibs).getMessage().contains("root has 31 bytes"));
        assertTrue(rejected(t.root(), 3, idx, leaves(1001), sibs).getMessage().contains("1 leaf digests for 2 indices"));
        VerificationException e = rejected(t.root(), 3, idx, leaves(1001, 1006), java.util.Arrays.copyOf(sibs, D));
        assertTrue(e.getMessage().contains("has 1 sibling digests (32 bytes), expected 4"), e.getMessage());
        for (int depth : new int[] {-1, 31}) {
            assertTrue(rejected(t.root(), depth, new int[] {0}, leaves(1000), new byte[0]).getMessage().contains("out of range"));
        }
    }

    /** Depth 30 is the largest allowed: a (wrong) opening at that depth fails on the root, not the depth. */
    @Test
    void depthThirtyIsInRange() {
        byte[] sibs = new byte[30 * D];
        VerificationException e = rejected(new byte[D], 30, new int[] {(1 << 30) - 1}, leaves(5), sibs);
        assertTrue(e.getMessage().contains("root mismatch"), e.getMessage());
    }

    @Test
    void siblingCountChecksItsIndices() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.siblingCount(new int[] {1, 0}, 2));
        assertEquals(4, MerkleTree.siblingCount(new int[] {1, 6}, 3));
    }

    @Test
    void treeBuildingRejectsBadInputAndReportsItsSize() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.fromLeafDigests(H, new byte[3 * D], 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MerkleTree.fromLeafDigests(H, new byte[3 * D], 4));
        assertTrue(e.getMessage().contains("holds 96 bytes, expected 128"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.leafDigests(H, new long[7], 2, 4));
        MerkleTree t = tree(16);
        assertEquals(4, t.depth());
        assertEquals(16, t.numLeaves());
        byte[] data = {9, 8, 7};
        byte[] tagged = {MerkleTree.LEAF_TAG, 9, 8, 7};
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(tagged), MerkleTree.leafDigestOfBytes(H, data));
    }
}
