package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proving key file: the commitment's prover data stored and mapped back (no re-commit), strict decoding. */
class ProvingKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void aKeyReadBackProvesTheSameBytesWithoutCommittingAgain() throws Exception {
        for (Visibility v : new Visibility[] {Visibility.DEFAULT, Visibility.ALL_PUBLIC}) {
            ProvingKey pk = ModelSetup.setup(Models.mlp(11, 20, "Gemm24", "Relu", "Gemm6"), v);
            Path f = dir.resolve("k" + v.bits());
            pk.write(f);
            ProvingKey back = ProvingKey.read(f);
            assertEquals(pk.verifyingKey(), back.verifyingKey());
            long[] x = Models.randomInput(3, 20);
            ModelProver.Result a = ModelProver.proveQuantized(pk, x), b = ModelProver.proveQuantized(back, x);
            assertArrayEquals(a.proof, b.proof, "the stored commitment data opens as the fresh one");
            ModelVerifier.verify(back.verifyingKey(), b.publicInput, b.publicOutput, b.proof);
        }
    }

    @Test
    void damagedKeysAreNamedInOneLine() throws Exception {
        ProvingKey pk = ModelSetup.setup(Models.mlp(12, 20, "Gemm24", "Relu", "Gemm6"), Visibility.DEFAULT);
        Path f = dir.resolve("k");
        pk.write(f);
        byte[] b = Files.readAllBytes(f);
        // every prefix (a sample), a trailing byte, another magic or version: a ModelException of one line
        for (int cut = 0; cut < b.length; cut += Math.max(1, b.length / 50)) assertOneLine(write(Arrays.copyOf(b, cut)));
        assertOneLine(write(Arrays.copyOf(b, b.length + 1)));
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertTrue(assertOneLine(write(magic)).contains("not a zkml4j proving key"));
        byte[] version = b.clone();
        version[6] = 2;
        assertTrue(assertOneLine(write(version)).contains("version 2"));
        // another model's verifying key inside: the circuit derived from the model does not give it
        ProvingKey other = ModelSetup.setup(Models.mlp(13, 20, "Gemm24", "Relu", "Gemm6"), Visibility.DEFAULT);
        Path g = dir.resolve("other");
        other.write(g);
        byte[] swapped = spliceVk(b, Files.readAllBytes(g));
        assertTrue(assertOneLine(write(swapped)).contains("does not match the verifying key"));
        // a flipped byte in the stored encoding: named when its column is opened, never a wrong proof
        byte[] enc = b.clone();
        enc[enc.length - 5] ^= 1;
        ProvingKey damaged = ProvingKey.read(write(enc));
        long[] x = Models.randomInput(3, 20);
        boolean named = false;
        for (int k = 0; k < 20 && !named; k++) {
            long[] xi = x.clone();
            xi[0] += k;
            try {
                ModelProver.proveQuantized(damaged, xi);
            } catch (ModelException e) {
                assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
                named = true;
            }
        }
        assertTrue(named, "20 proofs never opened the damaged column");
    }

    private Path write(byte[] bytes) throws Exception {
        Path p = dir.resolve("d" + Arrays.hashCode(bytes));
        Files.write(p, bytes);
        return p;
    }

    private static String assertOneLine(Path p) {
        ModelException e = assertThrows(ModelException.class, () -> ProvingKey.read(p));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    /** Key a with key b's verifying key section (same model sizes, so the sections align). */
    private static byte[] spliceVk(byte[] a, byte[] b) {
        java.nio.ByteBuffer x = java.nio.ByteBuffer.wrap(a), y = java.nio.ByteBuffer.wrap(b);
        int at = ProvingKey.LEDGER_OFFSET + ProvingKey.LEDGER_BYTES;
        long ma = x.getLong(at), mb = y.getLong(at);
        int va = x.getInt((int) (at + 8 + ma)), vb = y.getInt((int) (at + 8 + mb));
        assertEquals(va, vb);
        byte[] r = a.clone();
        System.arraycopy(b, (int) (at + 8 + mb + 4), r, (int) (at + 8 + ma + 4), vb);
        return r;
    }
}
