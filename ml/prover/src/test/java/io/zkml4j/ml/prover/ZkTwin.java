package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every cheating prover of this module's suites, replayed in zero knowledge: a validity proof made under a
 * {@link GraphProtocol.Cheat} is remembered ({@link ModelProver#cheatListener}); when a test verifies it,
 * {@link SymbolicTwin} asks this class to make the same cheat's proof under a zero-knowledge key of the same model
 * (every message masked, every check a constraint) and verify it against the same public values. The two verdicts
 * must agree: a cheat the validity verifier rejects is rejected in zero knowledge too (or its prover finds no proof
 * to make), and a run it accepts is accepted. Left out (counted in the report): keys a test edited by hand (a
 * zero-knowledge setup of the model would not reproduce them).
 */
final class ZkTwin {
    static final AtomicLong COMPARED = new AtomicLong(), REJECTED = new AtomicLong(), LEFT_OUT = new AtomicLong(), BEYOND_CAP = new AtomicLong(),
            ONE_SHOT = new AtomicLong();
    /**
     * Replays per test method (the first ones it verifies); 0, the default, replays every cheat (4,294 in the module's
     * suite: about 3.5 minutes of it on a quiet 2-core host). {@code -Dzkml4j.zkTwinPerTest=8} caps it for a quick run.
     */
    private static final int PER_TEST = Integer.getInteger("zkml4j.zkTwinPerTest", 0);
    private static final java.util.concurrent.atomic.AtomicInteger IN_THIS_TEST = new java.util.concurrent.atomic.AtomicInteger();
    private static final HidingLigeroPcs PCS = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);

    private record Origin(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat) {}

    /** By proof array identity (byte[] has identity equality); weak, so proofs no test verifies are dropped. */
    private static final Map<byte[], Origin> ORIGINS = Collections.synchronizedMap(new WeakHashMap<>());
    /** Whether a key is its model's honest setup (not edited by hand), per key. */
    private static final Map<ProvingKey, Boolean> HONEST = Collections.synchronizedMap(new WeakHashMap<>());

    private ZkTwin() {}

    /** A test method starts: its replays are counted afresh. */
    static void nextTest() {
        IN_THIS_TEST.set(0);
    }

    static void install() {
        ModelProver.cheatListener = (pk, x, cheat, proof) -> ORIGINS.put(proof, new Origin(pk, x.clone(), cheat));
    }

    /** After the validity verifier's verdict {@code concrete} (null: accepted) on a proof: the zero-knowledge replay must agree. */
    static void compare(VerifyingKey vk, long[] x, long[] y, byte[] proof, RuntimeException concrete) {
        Origin o = ORIGINS.remove(proof);
        if (o == null || !o.pk.vk.equals(vk)) return;
        if (PER_TEST > 0 && IN_THIS_TEST.incrementAndGet() > PER_TEST) {
            BEYOND_CAP.incrementAndGet();
            return;
        }
        if (!HONEST.computeIfAbsent(o.pk, ZkTwin::honestSetup)) {
            LEFT_OUT.incrementAndGet();
            return;
        }
        ProvingKey zk = ModelSetup.setupZeroKnowledge(o.pk.model, PCS, vk.visibility);
        shareCircuit(zk.vk, o.pk.vk);
        RuntimeException z;
        Watched watched = new Watched(o.cheat);
        try {
            ModelProver.Result r = ModelProver.prove(zk, o.x, watched, ProveProgress.NONE, Blinding.from(new SplittableRandom(o.x.length)));
            z = SymbolicTwin.outcome(() -> GraphProtocol.verify(zk.vk, x, y, r.proof));
        } catch (RuntimeException e) {
            z = e; // the cheating prover finds no proof to make
        }
        if (concrete != null && z == null && !watched.mayHaveActed()) {
            ONE_SHOT.incrementAndGet(); // a cheat that acts once (it kept state): its replay was an honest proof
            return;
        }
        COMPARED.incrementAndGet();
        if ((concrete == null) != (z == null)) {
            AssertionError e = new AssertionError("the same cheat in zero knowledge is decided otherwise: validity "
                    + (concrete == null ? "accepts" : "rejects (" + concrete.getMessage() + ")") + ", zero knowledge " + (z == null ? "accepts" : "rejects (" + z.getMessage() + ")"));
            if (z != null) e.addSuppressed(z);
            throw e;
        }
        if (z != null) REJECTED.incrementAndGet();
    }

    /**
     * Gives the zero-knowledge key the validity key's circuit object: cheats hold parts of it by identity (a range check
     * looked up in the witness), and the replay must apply them exactly. The two circuits are built from the same model,
     * visibility and range budget (an honest setup of each: {@link #honestSetup}), so they are equal but for identity.
     */
    private static void shareCircuit(VerifyingKey zk, VerifyingKey validity) {
        try {
            java.lang.reflect.Field f = VerifyingKey.class.getDeclaredField("circuit");
            f.setAccessible(true);
            f.set(zk, validity.circuit);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A cheat, watched: whether any of its hooks that return a value changed it (or gave a sumcheck adversary), and
     * whether it overrides a hook that acts by side effect (then it may have acted). A cheat that kept state (acts on
     * its first chance only) does nothing on its replay: an honest proof, which says nothing about zero knowledge.
     */
    private static final class Watched implements GraphProtocol.Cheat {
        /** The hooks a cheat acts through by side effect, which no returned value shows. */
        private static final java.util.Set<String> SIDE_EFFECT_HOOKS = java.util.Set.of("tensors", "witness", "padded", "committed", "pads");
        private final GraphProtocol.Cheat c;
        private boolean acted;

        Watched(GraphProtocol.Cheat c) {
            this.c = c;
        }

        boolean mayHaveActed() {
            if (acted) return true;
            for (Class<?> k = c.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
                for (java.lang.reflect.Method m : k.getDeclaredMethods()) if (SIDE_EFFECT_HOOKS.contains(m.getName())) return true;
            }
            return false;
        }

        /** A hook given an array that returns one: it acted when the result differs from the array as given. */
        private long[] array(long[] given, java.util.function.UnaryOperator<long[]> hook) {
            long[] before = given.clone(), v = hook.apply(given);
            acted |= !Arrays.equals(before, v);
            return v;
        }

        /** A hook given a value that returns one: it acted when the result differs. */
        private GoldilocksExt2 value(GoldilocksExt2 given, GoldilocksExt2 v) {
            acted |= !given.equals(v);
            return v;
        }

        @Override public void tensors(Witness w) { c.tensors(w); }
        @Override public void witness(Witness w) { c.witness(w); }
        @Override public void padded(Witness w) { c.padded(w); }
        @Override public void committed(Witness w) { c.committed(w); }
        @Override public void pads(GoldilocksExt2[] pads) { c.pads(pads); }
        @Override public long[] claimedInput(long[] x) { return array(x, c::claimedInput); }
        @Override public long[] claimedOutput(long[] y) { return array(y, c::claimedOutput); }
        @Override public long[] multiplicities(io.zkml4j.lookup.Table table, long[] counts) { return array(counts, v -> c.multiplicities(table, v)); }
        @Override public long[] advice(long[] table) { return array(table, c::advice); }
        @Override public long[] widths(long[] honest) { return array(honest, c::widths); }

        @Override
        public GoldilocksExt2 message(NodeSpec node, String label, GoldilocksExt2 v) {
            return value(v, c.message(node, label, v));
        }

        @Override
        public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 v) {
            return value(v, c.evaluation(node, vec, point, v));
        }

        @Override
        public io.zkml4j.sumcheck.SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
            io.zkml4j.sumcheck.SumcheckAdversary a = c.sumcheck(node, index, claimed);
            acted |= a != null;
            return a;
        }
    }

    /** Whether {@code pk}'s key is what setup makes of its model (same commitment scheme and visibility). */
    private static boolean honestSetup(ProvingKey pk) {
        try {
            return ModelSetup.setup(pk.model, pk.vk.pcs, pk.vk.visibility).vk.equals(pk.vk);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
