package io.zkml4j.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final Hash H = Hashes.sha256();
    private static final int LEAF_LEN = 3;

    private static long[] data(int leaves, long seed) {
        return new Random(seed).longs((long) leaves * LEAF_LEN, 0, Long.MAX_VALUE).toArray();
    }

    private static MerkleTree tree(long[] data, int leaves) {
        return MerkleTree.fromLeafDigests(H, MerkleTree.leafDigests(H, data, LEAF_LEN, leaves), leaves);
    }

    private static byte[] digestsOf(long[] data, int[] idx) {
        byte[] out = new byte[idx.length * 32];
        for (int i = 0; i < idx.length; i++) System.arraycopy(MerkleTree.leafDigest(H, data, idx[i] * LEAF_LEN, LEAF_LEN), 0, out, 32 * i, 32);
        return out;
    }

    @Test
    void rootMatchesDirectDefinition() {
        long[] d = data(4, 1);
        MerkleTree t = tree(d, 4);
        byte[][] leaf = new byte[4][];
        for (int j = 0; j < 4; j++) leaf[j] = MerkleTree.leafDigest(H, d, j * LEAF_LEN, LEAF_LEN);
        byte[] n2 = node(leaf[0], leaf[1]), n3 = node(leaf[2], leaf[3]);
        assertArrayEquals(node(n2, n3), t.root());
        // The pure-Java hash builds the same tree.
        MerkleTree pure = MerkleTree.fromLeafDigests(Sha256.INSTANCE, MerkleTree.leafDigests(Sha256.INSTANCE, d, LEAF_LEN, 4), 4);
        assertArrayEquals(t.root(), pure.root());
    }

    private static byte[] node(byte[] l, byte[] r) {
        byte[] b = new byte[65];
        b[0] = MerkleTree.NODE_TAG;
        System.arraycopy(l, 0, b, 1, 32);
        System.arraycopy(r, 0, b, 33, 32);
        return H.hash(b);
    }

    @Test
    void batchOpeningsVerifyForManyIndexSets() {
        Random rnd = new Random(2);
        for (int depth = 0; depth <= 7; depth++) {
            int n = 1 << depth;
            long[] d = data(n, depth);
            MerkleTree t = tree(d, n);
            for (int trial = 0; trial < 20; trial++) {
                int[] idx = MerkleTree.distinctSorted(rnd.ints(1 + rnd.nextInt(Math.min(n, 9)), 0, n).toArray());
                byte[] sib = t.open(idx);
                assertEquals(MerkleTree.siblingCount(idx, depth) * 32, sib.length);
                MerkleTree.verify(H, "t", t.root(), depth, idx, digestsOf(d, idx), sib);
                MerkleTree.verify(Sha256.INSTANCE, "t", t.root(), depth, idx, digestsOf(d, idx), sib);
            }
        }
    }

    @Test
    void sharedSiblingsAreSentOnce() {
        // All leaves opened: nothing to send. Two sibling leaves: depth-1 digests.
        int depth = 5;
        int[] all = new int[1 << depth];
        for (int i = 0; i < all.length; i++) all[i] = i;
        assertEquals(0, MerkleTree.siblingCount(all, depth));
        assertEquals(depth - 1, MerkleTree.siblingCount(new int[] {6, 7}, depth));
        assertEquals(depth, MerkleTree.siblingCount(new int[] {6}, depth));
        assertEquals(2 * depth - 2, MerkleTree.siblingCount(new int[] {0, 31}, depth));
    }

    @Test
    void rejectsTamperedLeafSiblingAndRoot() {
        int depth = 6;
        long[] d = data(1 << depth, 3);
        MerkleTree t = tree(d, 1 << depth);
        int[] idx = {3, 17, 40};
        byte[] sib = t.open(idx);
        byte[] leaves = digestsOf(d, idx);
        for (int b = 0; b < leaves.length; b++) {
            byte[] l = leaves.clone();
            l[b] ^= 1;
            assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, idx, l, sib));
        }
        for (int b = 0; b < sib.length; b++) {
            byte[] s = sib.clone();
            s[b] ^= (byte) 0x80;
            assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, idx, leaves, s));
        }
        byte[] root = t.root();
        root[31] ^= 1;
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", root, depth, idx, leaves, sib));
        // A changed leaf value (not just digest) is caught too.
        long[] d2 = d.clone();
        d2[17 * LEAF_LEN + 1] ^= 1;
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, idx, digestsOf(d2, idx), sib));
        // Proving a different index with the same data fails.
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, new int[] {3, 17, 41}, leaves, sib));
    }

    @Test
    void rejectsWrongPathLength() {
        int depth = 5;
        long[] d = data(1 << depth, 4);
        MerkleTree t = tree(d, 1 << depth);
        int[] idx = {9};
        byte[] sib = t.open(idx);
        byte[] leaves = digestsOf(d, idx);
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, idx, leaves, Arrays.copyOf(sib, sib.length - 32)));
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, idx, leaves, Arrays.copyOf(sib, sib.length + 32)));
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, idx, leaves, Arrays.copyOf(sib, sib.length - 1)));
        // The verifier's depth is authoritative: the same opening does not verify at another depth.
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth + 1, idx, leaves, sib));
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth - 1, idx, leaves, Arrays.copyOf(sib, sib.length - 32)));
    }

    @Test
    void rejectsBadIndices() {
        int depth = 4;
        long[] d = data(16, 5);
        MerkleTree t = tree(d, 16);
        byte[] sib = t.open(new int[] {2, 5});
        byte[] leaves = digestsOf(d, new int[] {2, 5});
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, new int[] {2, 16}, leaves, sib), "index >= leaves");
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, new int[] {-1, 5}, leaves, sib), "negative");
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, new int[] {5, 2}, leaves, sib), "unsorted");
        byte[] dupLeaves = digestsOf(d, new int[] {5, 5});
        VerificationException dup = assertThrows(VerificationException.class,
                () -> MerkleTree.verify(H, "t", t.root(), depth, new int[] {5, 5}, dupLeaves, t.open(new int[] {5})));
        assertTrue(dup.getMessage().contains("duplicate"), dup.getMessage());
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, new int[0], new byte[0], new byte[0]), "empty");
        assertThrows(IllegalArgumentException.class, () -> t.open(new int[] {3, 3}));
        assertThrows(IllegalArgumentException.class, () -> t.open(new int[] {16}));
        assertArrayEquals(new int[] {1, 4, 9}, MerkleTree.distinctSorted(new int[] {9, 4, 1, 4, 9}));
    }

    @Test
    void innerNodeCannotPoseAsLeaf() {
        int depth = 3;
        long[] d = data(8, 6);
        MerkleTree t = tree(d, 8);
        // Node 2 (left child of the root) = H(0x01 || node4 || node5). A leaf whose contents are
        // node4 || node5 hashes with the leaf tag, so it differs from node 2.
        byte[][] leaf = new byte[8][];
        for (int j = 0; j < 8; j++) leaf[j] = MerkleTree.leafDigest(H, d, j * LEAF_LEN, LEAF_LEN);
        byte[] n4 = node(leaf[0], leaf[1]), n5 = node(leaf[2], leaf[3]), n2 = node(n4, n5);
        byte[] contents = new byte[64];
        System.arraycopy(n4, 0, contents, 0, 32);
        System.arraycopy(n5, 0, contents, 32, 32);
        assertNotEquals(Arrays.toString(n2), Arrays.toString(MerkleTree.leafDigestOfBytes(H, contents)));
        // The forged leaf at the depth the verifier fixes: reject whatever path accompanies it.
        byte[] forged = MerkleTree.leafDigestOfBytes(H, contents);
        byte[] sib = t.open(new int[] {0});
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth, new int[] {0}, forged, sib));
        // Without the tag the forgery would be a valid opening one level up: node 2's path is node 3.
        byte[] n3sibling = Arrays.copyOfRange(sib, 64, 96);
        MerkleTree.verify(H, "t", t.root(), depth - 2, new int[] {0}, n2, n3sibling); // sanity: node 2 + node 3 = root
        assertThrows(VerificationException.class, () -> MerkleTree.verify(H, "t", t.root(), depth - 2, new int[] {0}, forged, n3sibling));
    }

    /**
     * Fuzz of the verifier's only proof-controlled input, the sibling bytes (and of the caller-side index and
     * digest arrays): random lengths (including non-multiples of 32), random contents, bit flips, and index sets
     * that are unsorted, repeated, negative or beyond the tree. The only outcomes are acceptance of the honest
     * opening or a VerificationException, never an index or arithmetic crash.
     */
    @Test
    void siblingAndIndexFuzzOnlyEverRejectsCleanly() {
        Random rnd = new Random(77);
        for (int depth = 0; depth <= 6; depth++) {
            int n = 1 << depth;
            long[] d = data(n, 100 + depth);
            MerkleTree t = tree(d, n);
            for (int trial = 0; trial < 60; trial++) {
                int[] idx = rnd.ints(1 + rnd.nextInt(Math.min(n, 6)), 0, n).distinct().sorted().toArray();
                byte[] honest = t.open(idx);
                byte[] leaves = digestsOf(d, idx);
                MerkleTree.verify(H, "fuzz", t.root(), depth, idx, leaves, honest);
                byte[] sib;
                int[] ix = idx;
                switch (trial % 4) {
                    case 0:
                        sib = new byte[rnd.nextInt(honest.length + 70)];
                        rnd.nextBytes(sib);
                        if (Arrays.equals(sib, honest)) sib = new byte[honest.length + 1];
                        break;
                    case 1:
                        sib = honest.clone();
                        if (sib.length == 0) sib = new byte[1];
                        else sib[rnd.nextInt(sib.length)] ^= (byte) (1 << rnd.nextInt(8));
                        break;
                    case 2:
                        sib = Arrays.copyOf(honest, Math.max(0, honest.length - 1 - rnd.nextInt(40)));
                        if (Arrays.equals(sib, honest)) sib = Arrays.copyOf(honest, honest.length + 32);
                        break;
                    default:
                        sib = honest;
                        ix = idx.clone();
                        int k = rnd.nextInt(ix.length);
                        int[] bad = {-1, n, Integer.MAX_VALUE, Integer.MIN_VALUE, ix[0]};
                        ix[k] = bad[rnd.nextInt(bad.length)];
                        if (Arrays.equals(ix, idx)) ix = new int[] {idx[0], idx[0]};
                        if (ix.length == 1 && ix[0] == idx[0]) ix = new int[0];
                        break;
                }
                byte[] s = sib;
                int[] fi = ix;
                try {
                    MerkleTree.verify(H, "fuzz", t.root(), depth, fi, fi.length == idx.length ? leaves : digestsOf(d, new int[fi.length]), s);
                    throw new AssertionError("altered opening accepted at depth " + depth + " (case " + trial % 4 + ")");
                } catch (VerificationException e) {
                    // rejected
                }
            }
        }
    }
}
