package io.zkml4j.field.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import org.junit.jupiter.api.Test;

/** Exact decoding behaviour at every bound the verifier relies on (found by mutation testing, docs/mutation.md). */
class FieldCodecExactTest {
    private static byte[] le(long v) {
        return new FieldWriter().u64(v).toByteArray();
    }

    @Test
    void bulkVectorDecodesEveryByteInItsPlace() {
        long x = 0x0102030405060708L;
        byte[] b = new FieldWriter().u64(x).u64(Goldilocks.P - 1).toByteArray();
        assertArrayEquals(new long[] {x, Goldilocks.P - 1}, new FieldReader(b).fieldsFixed("v", 2));
        assertArrayEquals(new long[0], new FieldReader(b).fieldsFixed("v", 0));
    }

    @Test
    void bulkVectorRejectsANonCanonicalElementAnywhere() {
        byte[] b = new FieldWriter().u64(1).u64(Goldilocks.P).toByteArray();
        assertThrows(ProofFormatException.class, () -> new FieldReader(b).fieldsFixed("v", 2));
    }

    @Test
    void lengthAtItsBoundIsAcceptedAndReturned() {
        byte[] b = new FieldWriter().u32(9).toByteArray();
        assertEquals(9, new FieldReader(b).length("n", 9));
        assertThrows(ProofFormatException.class, () -> new FieldReader(b).length("n", 8));
    }

    @Test
    void u32AboveIntRangeIsRejectedAndZeroIsAccepted() {
        byte[] top = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThrows(ProofFormatException.class, () -> new FieldReader(top).u32("n"));
        assertEquals(0, new FieldReader(new byte[4]).u32("n"));
    }

    @Test
    void shortReadsAreFormatErrorsNotIndexErrors() {
        assertThrows(ProofFormatException.class, () -> new FieldReader(new byte[0]).u8("t"));
        assertThrows(ProofFormatException.class, () -> new FieldReader(new byte[3]).u32("n"));
        FieldReader r = new FieldReader(new byte[6]);
        r.u32("n");
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> r.u32("m"));
        assertTrue(e.getMessage().contains("needs 4 bytes at offset 4, 2 left"), e.getMessage());
    }

    @Test
    void bytesAdvanceAndRemainingCounts() {
        byte[] b = {1, 2, 3, 4, 5};
        FieldReader r = new FieldReader(b);
        assertEquals(5, r.remaining());
        assertArrayEquals(new byte[] {1, 2, 3}, r.bytes("b", 3));
        assertEquals(2, r.remaining());
        assertEquals(4, r.u8("t"));
        assertThrows(ProofFormatException.class, () -> r.bytes("b", 2));
    }

    @Test
    void trailingByteCountIsReported() {
        FieldReader r = new FieldReader(le(5));
        r.u32("half");
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> r.finish("proof"));
        assertEquals("proof: 4 trailing bytes", e.getMessage());
    }

    @Test
    void writerGrowsPastItsInitialBufferAndRejectsOutOfRangeHeaders() {
        byte[] big = new byte[1000];
        big[999] = 7;
        FieldWriter w = new FieldWriter().u8(255).bytes(big).u32(Integer.MAX_VALUE);
        for (int i = 0; i < 40; i++) w.u64(i);
        assertEquals(1 + 1000 + 4 + 320, w.size());
        byte[] out = w.toByteArray();
        FieldReader r = new FieldReader(out);
        assertEquals(255, r.u8("t"));
        assertArrayEquals(big, r.bytes("b", 1000));
        assertEquals(Integer.MAX_VALUE, r.u32("n"));
        for (int i = 0; i < 40; i++) assertEquals(i, r.u64("x"));
        r.finish("w");
        FieldWriter small = new FieldWriter();
        for (int i = 0; i < 300; i++) small.u8(i & 0xFF);
        for (int i = 0; i < 100; i++) small.u32(i);
        assertEquals(700, small.size());
        FieldWriter words = new FieldWriter();
        for (int i = 0; i < 100; i++) words.u64(-i);
        assertEquals(800, words.size());
        assertThrows(IllegalArgumentException.class, () -> new FieldWriter().u8(256));
        assertThrows(IllegalArgumentException.class, () -> new FieldWriter().u8(-1));
        assertThrows(IllegalArgumentException.class, () -> new FieldWriter().u32(-1));
        assertThrows(IllegalArgumentException.class, () -> new FieldWriter().field(Goldilocks.P));
        assertEquals(1, new FieldWriter().u8(0).size());
        assertEquals(4, new FieldWriter().u32(0).size());
    }
}
