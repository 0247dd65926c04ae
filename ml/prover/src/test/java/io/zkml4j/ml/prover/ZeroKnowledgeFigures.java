package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QuantizedModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for docs/zero-knowledge.md: proof size and prove/verify ms of the validity proof (default key, LigeroPcs)
 * and of the zero-knowledge proof (a HidingLigeroPcs key, set up afresh per proof since the key of ModelSetup.setupZeroKnowledge's three-argument form proves once; setup
 * not timed), medians of runs in one process, the two alternating. Run with
 * {@code -Dzkml4j.zkFigures=digits_mlp,... -Dzkml4j.zkRuns=5 -Dtest=ZeroKnowledgeFigures}.
 */
class ZeroKnowledgeFigures {
    @Test
    @EnabledIfSystemProperty(named = "zkml4j.zkFigures", matches = ".+")
    void figures() {
        int runs = Integer.getInteger("zkml4j.zkRuns", 5);
        for (String model : System.getProperty("zkml4j.zkFigures").split(",")) {
            QuantizedModel m = model.equals("mlp") ? HidingCommitmentProofTest.MLP : Models.shared(model);
            ProvingKey vpk = ModelSetup.setup(m, Visibility.DEFAULT);
            long[] x = model.equals("mlp") ? Models.randomInput(7, 12) : ZeroKnowledgeProofTest.sharedInput(vpk, model);
            ProvingKey k0 = ZeroKnowledgeProofTest.zkKey(m, Visibility.DEFAULT);
            ModelProver.Result z0 = ModelProver.proveZeroKnowledge(k0, x);
            ZkSink sink = GraphProtocol.zkSink(k0.verifyingKey(), null, z0.publicOutput, z0.proof);
            System.out.printf("ZKLAYOUT %s pads %d products %d deferred checks %d product variables %d%n", model, sink.received.size(), sink.products.size(),
                    sink.constraints.size(), sink.productVariables());
            double[] vp = new double[runs], vv = new double[runs], zp = new double[runs], zv = new double[runs];
            int vSize = 0, zSize = 0;
            for (int i = -1; i < runs; i++) { // i = -1: warm-up
                long t0 = System.nanoTime();
                ModelProver.Result v = ModelProver.proveQuantized(vpk, x);
                long t1 = System.nanoTime();
                ModelVerifier.verify(vpk.verifyingKey(), null, v.publicOutput, v.proof);
                long t2 = System.nanoTime();
                ProvingKey zpk = ZeroKnowledgeProofTest.zkKey(m, Visibility.DEFAULT);
                long t3 = System.nanoTime();
                ModelProver.Result z = ModelProver.proveZeroKnowledge(zpk, x);
                long t4 = System.nanoTime();
                ModelVerifier.verify(zpk.verifyingKey(), null, z.publicOutput, z.proof);
                long t5 = System.nanoTime();
                if (i < 0) continue;
                vp[i] = (t1 - t0) / 1e6;
                vv[i] = (t2 - t1) / 1e6;
                zp[i] = (t4 - t3) / 1e6;
                zv[i] = (t5 - t4) / 1e6;
                vSize = v.proof.length;
                zSize = z.proof.length;
            }
            System.out.printf("ZKFIG %s JDK %s runs %d | validity prove %.0f ms verify %.1f ms bytes %d | zk prove %.0f ms verify %.1f ms bytes %d | ratios prove %.2f verify %.2f size %.2f%n",
                    model, Runtime.version().feature(), runs, median(vp), median(vv), vSize, median(zp), median(zv), zSize, median(zp) / median(vp), median(zv) / median(vv),
                    (double) zSize / vSize);
        }
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
