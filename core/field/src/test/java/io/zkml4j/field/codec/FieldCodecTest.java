package io.zkml4j.field.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import org.junit.jupiter.api.Test;

class FieldCodecTest {
    @Test
    void roundTripIsByteIdentical() {
        byte[] b = new FieldWriter().u8(3).u32(7).field(Goldilocks.P - 1).ext(GoldilocksExt2.of(5, 6)).fields(new long[] {1, 2, 3}).toByteArray();
        FieldReader r = new FieldReader(b);
        assertEquals(3, r.u8("tag"));
        assertEquals(7, r.u32("n"));
        assertEquals(Goldilocks.P - 1, r.field("x"));
        assertEquals(GoldilocksExt2.of(5, 6), r.ext("e"));
        assertArrayEquals(new long[] {1, 2, 3}, r.fields("v", 3));
        r.finish("test");
    }

    @Test
    void aShapeOnlyReaderReadsZerosAndExpectedLengthsAndRefusesShapeDecidingReads() {
        FieldReader r = FieldReader.shapeOnly();
        assertEquals(4, r.expectLength("n", 4));
        assertEquals(GoldilocksExt2.ZERO, r.ext("e"));
        assertEquals(0, r.field("x"));
        assertArrayEquals(new long[3], r.fields("v", 3));
        r.finish("dry");
        assertThrows(IllegalStateException.class, () -> r.u8("version"));
        assertThrows(IllegalStateException.class, () -> r.u32("count"));
        assertThrows(IllegalStateException.class, () -> r.length("count", 9));
        assertThrows(IllegalStateException.class, () -> r.bytes("salt", 2));
    }

    @Test
    void rejectsNonCanonicalTruncatedTrailingAndWrongLength() {
        byte[] p = new FieldWriter().u64(Goldilocks.P).toByteArray();
        assertThrows(ProofFormatException.class, () -> new FieldReader(p).field("x"));
        byte[] ok = new FieldWriter().field(5).toByteArray();
        assertThrows(ProofFormatException.class, () -> new FieldReader(java.util.Arrays.copyOf(ok, 7)).field("x"));
        FieldReader trailing = new FieldReader(new FieldWriter().field(5).u8(0).toByteArray());
        trailing.field("x");
        assertThrows(ProofFormatException.class, () -> trailing.finish("proof"));
        byte[] vec = new FieldWriter().fields(new long[] {1, 2}).toByteArray();
        assertThrows(ProofFormatException.class, () -> new FieldReader(vec).fields("v", 3));
        byte[] huge = new FieldWriter().u32(Integer.MAX_VALUE).toByteArray();
        assertThrows(ProofFormatException.class, () -> new FieldReader(huge).length("n", 1 << 20));
    }

    /**
     * A decoder asked for more elements than the bytes can hold reports truncation, even when the byte count
     * n * 8 (or n * 16 for extension vectors) overflows an int: never an ArithmeticException or an attempt to
     * allocate for a length the input cannot back.
     */
    @Test
    void elementCountWhoseByteSizeOverflowsIsTruncationNotArithmeticException() {
        byte[] small = new FieldWriter().field(1).field(2).toByteArray();
        for (int n : new int[] {1 << 28, (1 << 28) + 1, Integer.MAX_VALUE / 8 + 1, Integer.MAX_VALUE}) {
            assertThrows(ProofFormatException.class, () -> new FieldReader(small).fieldsFixed("v", n), "n = " + n);
        }
        assertThrows(ProofFormatException.class, () -> new FieldReader(small).fieldsFixed("v", -1));
        assertThrows(ProofFormatException.class, () -> new FieldReader(small).bytes("b", -1));
        assertArrayEquals(new long[] {1, 2}, new FieldReader(small).fieldsFixed("v", 2));
    }
}
