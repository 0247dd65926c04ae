package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.io.DataOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commitment's prover data written to a file and mapped back: the same proofs, and a corrupt file named. A scheme's
 * test class extends this (HidingLigeroProverDataFileTest); this one is Ligero's.
 */
class LigeroProverDataFileTest {
    @TempDir
    Path dir;

    final MultilinearPcs pcs = scheme();

    MultilinearPcs scheme() {
        return new LigeroPcs(LigeroParams.DEFAULT);
    }

    /** A commitment made afresh (a hiding one draws the same randomness again, so its file and proofs are comparable). */
    PcsProverData commit(long[] t) {
        return pcs.commit(t);
    }

    EncodedColumns encoded(PcsProverData d) {
        return ((LigeroProverData) d).encoded;
    }

    long[] table(int n) {
        SplittableRandom r = new SplittableRandom(n);
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(r.nextLong());
        return t;
    }

    Path write(PcsProverData d, String name) throws Exception {
        Path f = dir.resolve(name);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
            out.write(new byte[] {1, 2, 3}); // a prefix: the data need not start the file
            pcs.writeProverData(d, out);
        }
        return f;
    }

    PcsProverData read(Path f, long[] evals) throws Exception {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return pcs.readProverData(ch, 3, evals);
        }
    }

    byte[] proof(PcsProverData d, long[] t) {
        GoldilocksExt2[] z = new GoldilocksExt2[Integer.numberOfTrailingZeros(t.length)];
        for (int i = 0; i < z.length; i++) z[i] = GoldilocksExt2.of(i + 3, 2 * i + 1);
        EvalClaim c = new EvalClaim(0, z, Mle.evaluate(t, z));
        Transcript tr = new Transcript("file-test");
        d.commitment().absorbInto(tr);
        return pcs.open(List.of(d), List.of(c), tr).toBytes();
    }

    @Test
    void mappedBackItOpensExactlyAsTheInMemoryCommitment() throws Exception {
        for (int n : new int[] {1, 6, 13}) {
            long[] t = table(n);
            PcsProverData d = commit(t);
            PcsProverData back = read(write(d, "d" + n), t);
            assertEquals(d.commitment(), back.commitment());
            assertArrayEquals(proof(d, t), proof(back, t), "n = " + n);
        }
    }

    /** Written through the channel (the proving key's way: the bulk by positional writes) as through the stream, byte for byte. */
    @Test
    void throughTheChannelTheSameBytes() throws Exception {
        for (int n : new int[] {1, 6, 13}) {
            long[] t = table(n);
            PcsProverData d = commit(t);
            Path f = write(d, "s" + n);
            PcsProverData back = read(f, t);
            for (PcsProverData x : List.of(d, back)) { // in memory, and mapped from the file
                Path g = dir.resolve("c" + n + (x == d ? "m" : "f"));
                try (FileChannel ch = FileChannel.open(g, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch)))) {
                    out.write(new byte[] {1, 2, 3});
                    pcs.writeProverData(x, out, ch);
                    out.flush();
                    assertEquals(Files.size(f), ch.position(), "the channel's position after the data");
                }
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g), "n = " + n);
            }
        }
    }

    @Test
    void aCorruptTruncatedOrForeignFileIsNamed() throws Exception {
        long[] t = table(10);
        PcsProverData d = commit(t);
        Path f = write(d, "d");
        byte[] b = Files.readAllBytes(f);
        // a flipped byte in every column of the encoded matrix (the file's tail): caught when a column is opened
        byte[] corrupt = b.clone();
        EncodedColumns enc = encoded(d);
        for (int j = 0; j < enc.width; j++) corrupt[corrupt.length - 8 * enc.rows * (enc.width - j)] ^= 1;
        PcsProverData bad = read(Files.write(dir.resolve("c"), corrupt), t);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> proof(bad, t));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        Path truncated = Files.write(dir.resolve("t"), java.util.Arrays.copyOf(b, b.length - 8));
        assertThrows(ProofFormatException.class, () -> read(truncated, t));
        Path longer = Files.write(dir.resolve("l"), java.util.Arrays.copyOf(b, b.length + 8));
        assertThrows(ProofFormatException.class, () -> read(longer, t));
        assertThrows(ProofFormatException.class, () -> read(f, table(11)));
        byte[] version = b.clone();
        version[3] = 9;
        assertThrows(ProofFormatException.class, () -> read(Files.write(dir.resolve("v"), version), t));
        // a matrix that is not the table's: another commitment, which the caller's check against its key refuses
        PcsProverData other = read(f, t);
        assertEquals(d.commitment(), other.commitment());
    }
}
