package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.sumcheck.ZeroPads;
import io.zkml4j.transcript.Transcript;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every verification of this module's tests twice: the concrete verifier and the symbolic one over
 * {@link ZeroPads} (registered for all test classes by junit-platform.properties). Under ZeroPads the symbolic verifier
 * must decide exactly as the concrete one, honest proofs and every suite's forged ones alike: same acceptance, same
 * exception type and message. A difference fails the test that verified. It also records, per verifying key, what a
 * zero-knowledge proof would need (pads, pad products, constraints) and where two symbolic values are multiplied.
 * A verification of a cheating prover's proof is also replayed in zero knowledge and must be decided alike
 * ({@link ZkTwin}).
 */
public final class SymbolicTwin implements BeforeAllCallback, org.junit.jupiter.api.extension.BeforeEachCallback {
    /** Verifications compared, and those that rejected (both verifiers). */
    static final AtomicLong COMPARED = new AtomicLong(), REJECTED = new AtomicLong();
    /** Per model ({@link #model}): pads, product variables (pad products and products of forms), constraints of its last accepted proof. */
    static final Map<String, int[]> COUNTS = new ConcurrentHashMap<>();
    /** Per source line that multiplied two symbolic values: how many pad products it took. */
    static final Map<String, AtomicLong> PRODUCT_SITES = new ConcurrentHashMap<>();

    private static final AtomicLong INSTALLED = new AtomicLong();

    @Override
    public void beforeAll(ExtensionContext context) {
        GraphProtocol.verification = SymbolicTwin::verifyBoth;
        ZkTwin.install();
        if (INSTALLED.getAndIncrement() == 0) Runtime.getRuntime().addShutdownHook(new Thread(SymbolicTwin::writeReport));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ZkTwin.nextTest();
    }

    /** The report of the whole run, to target/symbolic-twin.txt (the module's directory is the tests' working directory). */
    private static void writeReport() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "symbolic-twin.txt"), report()
                    + COMPARED.get() + " verifications compared, " + REJECTED.get() + " rejected by both\n"
                    + ZkTwin.COMPARED.get() + " cheats replayed in zero knowledge, " + ZkTwin.REJECTED.get() + " rejected in both, "
                    + ZkTwin.LEFT_OUT.get() + " left out (keys edited by hand), "
                    + ZkTwin.BEYOND_CAP.get() + " beyond the per-test cap, " + ZkTwin.ONE_SHOT.get() + " one-shot cheats (kept state: nothing to replay)\n");
        } catch (java.io.IOException e) {
            System.err.println("symbolic twin report: " + e);
        }
    }

    static void verifyBoth(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        RuntimeException concrete = outcome(() -> GraphProtocol.verify(vk, x, y, proof, null));
        Recording sink = new Recording();
        RuntimeException symbolic = outcome(() -> GraphProtocol.verify(vk, x, y, proof, sink));
        COMPARED.incrementAndGet();
        if (!sameVerdict(concrete, symbolic)) {
            AssertionError e = new AssertionError("the symbolic verifier (ZeroPads) decides otherwise: concrete " + describe(concrete) + ", symbolic " + describe(symbolic));
            if (symbolic != null) e.addSuppressed(symbolic);
            throw e;
        }
        ZkTwin.compare(vk, x, y, proof, concrete);
        if (concrete != null) {
            REJECTED.incrementAndGet();
            throw concrete;
        }
        COUNTS.put(model(vk), new int[] {sink.pads.pads(), sink.pads.products() + sink.pads.formProducts(), sink.pads.constraints()});
    }

    /** A key's name in the report: its operators in order and its digest's first bytes. */
    static String model(VerifyingKey vk) {
        StringBuilder b = new StringBuilder();
        for (NodeSpec n : vk.circuit.nodes) b.append(b.length() == 0 ? "" : ",").append(n.op);
        if (b.length() > 100) b.setLength(100);
        return b + " [" + java.util.HexFormat.of().formatHex(vk.digest(), 0, 4) + "]";
    }

    static boolean sameVerdict(RuntimeException a, RuntimeException b) {
        if (a == null || b == null) return a == b;
        return a.getClass() == b.getClass() && Objects.equals(a.getMessage(), b.getMessage());
    }

    private static String describe(RuntimeException e) {
        return e == null ? "accepts" : "rejects (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }

    static RuntimeException outcome(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Summary lines: per model its counts, then the product sites. */
    static String report() {
        StringBuilder b = new StringBuilder("model: pads, product variables, constraints (ZeroPads counts of an accepted proof)\n");
        new TreeMap<>(COUNTS).forEach((m, c) -> b.append(m).append(": ").append(c[0]).append(", ").append(c[1]).append(", ").append(c[2]).append('\n'));
        b.append("products of two symbolic values, by site (product variables taken over all runs):\n");
        new TreeMap<>(PRODUCT_SITES).forEach((site, n) -> b.append("  ").append(site).append(": ").append(n.get()).append('\n'));
        return b.toString();
    }

    /** A sink that is ZeroPads, for a test to override one method of. */
    static class OverZeroPads implements SymSink {
        final ZeroPads pads = new ZeroPads();

        @Override
        public Sym receive(GoldilocksExt2 e) {
            return pads.receive(e);
        }

        @Override
        public void zero(Sym form, String what) {
            pads.zero(form, what);
        }

        @Override
        public void bind(Transcript t, String label, Sym value) {
            pads.bind(t, label, value);
        }

        @Override
        public void nonZero(Sym form, String what) {
            pads.nonZero(form, what);
        }

        @Override
        public int product(int i, int j) {
            return pads.product(i, j);
        }

        @Override
        public int formProduct(Sym a, Sym b) {
            return pads.formProduct(a, b);
        }
    }

    /** ZeroPads, recording the verifier line that asked for each product variable. */
    static final class Recording extends OverZeroPads {
        @Override
        public int product(int i, int j) {
            PRODUCT_SITES.computeIfAbsent("pad product at " + site(), k -> new AtomicLong()).incrementAndGet();
            return super.product(i, j);
        }

        @Override
        public int formProduct(Sym a, Sym b) {
            PRODUCT_SITES.computeIfAbsent(site(), k -> new AtomicLong()).incrementAndGet();
            return super.formProduct(a, b);
        }

        /** The first frame of verifier code (ml/prover's or core's) outside Val, the symbolic values and the sinks. */
        private static String site() {
            return StackWalker.getInstance().walk(s -> s.filter(f -> !PLUMBING.contains(f.getClassName()) && !f.getClassName().startsWith(SymbolicTwin.class.getName()))
                    .findFirst().map(f -> f.getClassName().replace("io.zkml4j.", "") + "." + f.getMethodName() + ":" + f.getLineNumber()).orElse("?"));
        }

        private static final java.util.Set<String> PLUMBING = java.util.Set.of(Val.class.getName(), Sym.class.getName(), SymSink.class.getName(),
                ZeroPads.class.getName(), "io.zkml4j.sumcheck.SumOfProducts", "io.zkml4j.sumcheck.Univariate");
    }
}
