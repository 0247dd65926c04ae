package io.zkml4j.pcs;

import java.util.SplittableRandom;

/** The PCS contract for the hiding scheme (soundness cheats and zero knowledge: HidingLigeroSoundnessTest, HidingLigeroZeroKnowledgeTest). */
class HidingLigeroPcsTest extends PcsContractTest {
    private final HidingLigeroPcs pcs = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
    private final Blinding blinding = Blinding.from(new SplittableRandom(7));

    @Override
    protected HidingLigeroPcs pcs() {
        return pcs;
    }

    @Override
    protected Blinding blinding() {
        return blinding;
    }

    @Override
    protected int byteFlipStride() {
        return 29; // a proof of 2^6 entries is ~30 KB; a stride coprime to 8 still reaches every section and bit position
    }
}
