package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroCommitment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for docs/zero-knowledge.md ("The fixed cost"): the bytes of a zero-knowledge proof by part (header and
 * commitments, masked messages, products' X' Y', and per tableau of the constraint proof q, u, salts, the opened
 * columns' data and mask entries, Merkle siblings) and the prover's time by phase (from its progress steps), for keys
 * of B proofs. Run with {@code -Dzkml4j.zkBreakdown=digits_mlp:1,digits_mlp:16 -Dtest=ZkProofBreakdown}.
 */
class ZkProofBreakdown {
    @Test
    @EnabledIfSystemProperty(named = "zkml4j.zkBreakdown", matches = ".+")
    void breakdown() {
        int runs = Integer.getInteger("zkml4j.zkRuns", 5);
        for (String spec : System.getProperty("zkml4j.zkBreakdown").split(",")) {
            String model = spec.split(":")[0];
            int b = Integer.parseInt(spec.split(":")[1]);
            QuantizedModel m = Models.shared(model);
            // B = 1: a key per proof (setup not timed); else one key of B proofs for every run
            ProvingKey pk = ModelSetup.setupZeroKnowledge(m, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT, b == 1 ? 1 : Math.max(b, runs + 1));
            long[] x = ZeroKnowledgeProofTest.sharedInput(pk, model);
            Map<String, double[]> phases = new LinkedHashMap<>();
            byte[] proof = null;
            long[] y = null;
            for (int i = -1; i < runs; i++) {
                if (b == 1 && i > -1) pk = ModelSetup.setupZeroKnowledge(m, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT, 1);
                long[] last = {System.nanoTime()};
                String[] stage = {"start"};
                Map<String, Double> one = new LinkedHashMap<>();
                ProveProgress rec = (s, done, total) -> {
                    long now = System.nanoTime();
                    one.merge(phaseOf(stage[0]), (now - last[0]) / 1e6, Double::sum);
                    last[0] = now;
                    stage[0] = s;
                };
                ModelProver.Result r = ModelProver.prove(pk, x, null, rec, io.zkml4j.pcs.Blinding.fresh());
                one.merge(phaseOf(stage[0]), (System.nanoTime() - last[0]) / 1e6, Double::sum);
                long v0 = System.nanoTime();
                ModelVerifier.verify(pk.verifyingKey(), null, r.publicOutput, r.proof);
                one.put("verify", (System.nanoTime() - v0) / 1e6);
                proof = r.proof;
                y = r.publicOutput;
                if (i < 0) continue;
                for (Map.Entry<String, Double> e : one.entrySet()) phases.computeIfAbsent(e.getKey(), k -> new double[runs])[i] = e.getValue();
            }
            System.out.printf("ZKBREAK %s B=%d JDK %s proof bytes %d%n", model, b, Runtime.version().feature(), proof.length);
            for (String[] row : parts(pk.verifyingKey(), y, proof)) System.out.printf("ZKBREAK   %-48s %s%n", row[0], row[1]);
            for (Map.Entry<String, double[]> e : phases.entrySet()) System.out.printf("ZKBREAK   time %-60s %.1f ms%n", e.getKey(), ZeroKnowledgeFigures.median(e.getValue()));
        }
    }

    /** The phase that ends at the next progress step, named by the step before it (ProveProgress's steps: GraphProtocol.prove). */
    private static String phaseOf(String stage) {
        return switch (stage) {
            case "start" -> "execute";
            case "witness" -> "witness (operators, limbs, lookups' multiplicities)";
            case "commit" -> "pad count, advice and pad commitments, first node";
            case "lookups" -> "padding checks";
            case "padding" -> "claim reduction, symbolic run, product commitment, constraint proof";
            default -> "nodes, input bounds, lookups";
        };
    }

    private static final int HIDING_COMMITMENT_BYTES = 4 + 32 + 4; // numVars, root, openings

    /** The proof's bytes by part, walked with the key's shapes. */
    static List<String[]> parts(VerifyingKey vk, long[] y, byte[] proof) {
        List<String[]> rows = new ArrayList<>();
        FieldReader in = new FieldReader(proof);
        ZkSink sink = GraphProtocol.zkSink(vk, null, y, in);
        int messagesEnd = proof.length - in.remaining();
        Circuit c = vk.circuit;
        int header = 1 + 4 + (c.adviceVars >= 0 ? HIDING_COMMITMENT_BYTES : 0) + HIDING_COMMITMENT_BYTES;
        rows.add(new String[] {"header + advice, pad commitments", String.valueOf(header)});
        rows.add(new String[] {"masked messages (" + sink.received.size() + " pads)", String.valueOf(messagesEnd - header)});
        int at = proof.length - in.remaining();
        LigeroCommitment products = LigeroCommitment.readHidingOnce(in, "product commitment");
        in.u32("product count");
        in.bytes("X' Y'", 32 * sink.products.size());
        rows.add(new String[] {"product commitment, X' Y' (" + sink.products.size() + " products)", String.valueOf((proof.length - in.remaining()) - at)});
        HidingLigeroParams base = HidingLigeroParams.DEFAULT;
        List<int[]> tabs = new ArrayList<>(); // numVars, openings
        List<String> names = new ArrayList<>();
        if (c.constVars >= 0) {
            tabs.add(new int[] {c.constVars, ((LigeroCommitment) vk.constants).openings()});
            names.add("constants");
        }
        if (c.adviceVars >= 0) {
            tabs.add(new int[] {c.adviceVars, 1});
            names.add("advice");
        }
        tabs.add(new int[] {ZkSink.tableVars(sink.received.size()), 1});
        names.add("pads");
        tabs.add(new int[] {products.numVars(), 1});
        names.add("products");
        for (int i = 0; i < tabs.size(); i++) {
            int n = tabs.get(i)[0], bb = tabs.get(i)[1];
            HidingLigeroParams p = base.forOpenings(bb);
            int lc = p.logCols(n), cc = 1 << lc, k = cc + p.hiding, t = p.numQueries, dataRows = 1 << (n - lc);
            int start = (proof.length - in.remaining());
            if (bb > 1) in.u32("set");
            int setDepth = bb == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(bb - 1);
            int q = 16 * (k + cc), u = 16 * k, salts = 16 * t, data = 8 * t * dataRows, masks = 8 * t * 6, paths = 32 * t * setDepth;
            in.bytes("opening", q + u + salts + data + masks + paths);
            int sibs = in.u32("siblings");
            in.bytes("siblings", 32 * sibs);
            rows.add(new String[] {String.format("%s 2^%d (C=2^%d R=%d K=%d t=%d B=%d)", names.get(i), n, lc, dataRows, k, t, bb),
                    String.format("total %d: q %d, u %d, salts %d, column data %d, column masks %d, set paths %d, Merkle %d", (proof.length - in.remaining()) - start, q, u, salts, data, masks, paths, 4 + 32 * sibs)});
        }
        in.finish("breakdown");
        return rows;
    }
}
