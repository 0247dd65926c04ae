package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

/**
 * A {@link SlotClaim} as a symbolic verifier holds it ({@link ClaimReduction#verify(int, java.util.List, SumcheckProof,
 * GoldilocksExt2, io.zkml4j.transcript.Transcript, SymSink)}): the point and slot public, the value a form over pads.
 */
public record SymSlotClaim(GoldilocksExt2[] point, long slot, Sym value) {
    public SymSlotClaim {
        if (value == null) throw new IllegalArgumentException("slot claim: null value");
        new SlotClaim(point, slot, GoldilocksExt2.ZERO); // the same checks of the point and slot
        point = point.clone();
    }

    @Override
    public GoldilocksExt2[] point() {
        return point.clone();
    }

    /** Where the claim sits (its value left out: only the point and slot are used). */
    SlotClaim where() {
        return new SlotClaim(point, slot, GoldilocksExt2.ZERO);
    }
}
