package io.zkml4j.ml.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates real model files (byte flips, truncation, insertions, varint-maximising overwrites) and
 * requires the loader to return a Graph or throw ModelException for every mutant - no other
 * exception, no OutOfMemoryError, no hang.
 */
class OnnxLoaderFuzzTest {
    private static final int MUTANTS = 2000;
    private static final int BATCH = 100;
    /** Seed files: small enough to keep the run fast, varied in operators and storage. */
    private static final String[] SEEDS = {
        "models/iris_mlp_sigmoid", "models/digits_lenet", "models/digits_transformer", "ezkl-examples/1l_conv",
        "ezkl-examples/1l_topk", "ezkl-examples/gather_nd", "ezkl-examples/hierarchical_risk", "ezkl-examples/sklearn_mlp",
        "ezkl-examples/lstm", "ezkl-examples/1l_where",
    };

    @TempDir
    Path dir;

    @Test
    void mutantsLoadOrFailCleanly() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        Path shared = Corpus.shared();
        if (shared != null) {
            for (String s : SEEDS) {
                Path p = shared.resolve(s).resolve("network.onnx");
                if (Files.isRegularFile(p)) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
        }
        seeds.add(Models.model(Models.reluGraph()).toByteArray()); // always present, corpus or not
        Random rnd = new Random(20240601L);
        int[] outcomes = new int[2];
        for (int start = 0; start < MUTANTS; start += BATCH) {
            final int from = start;
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int k = from; k < from + BATCH; k++) {
                    byte[] seed = seeds.get(k % seeds.size());
                    byte[] mutant = mutate(seed, rnd);
                    try {
                        Graph g = OnnxLoader.parse(mutant, dir, "mutant" + k, 1);
                        assertFalse(g.outputs().isEmpty());
                        outcomes[0]++;
                    } catch (ModelException e) {
                        if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                            fail("mutant " + k + ": message not one line: " + e.getMessage());
                        }
                        outcomes[1]++;
                    } catch (Throwable t) {
                        throw new AssertionError("mutant " + k + " threw " + t, t);
                    }
                }
            }, "batch starting at mutant " + from);
        }
        System.out.println("fuzz: loaded " + outcomes[0] + ", rejected " + outcomes[1]);
        // both outcomes must occur, or the mutator is not exercising anything
        if (outcomes[0] == 0 || outcomes[1] == 0) {
            fail("degenerate fuzzing: loaded " + outcomes[0] + ", rejected " + outcomes[1]);
        }
    }

    static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(5)) {
            case 0: { // flip a few bytes
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return b;
            }
            case 1: // truncate
                return Arrays.copyOf(b, rnd.nextInt(b.length));
            case 2: { // insert random bytes
                int at = rnd.nextInt(b.length + 1);
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(ins);
                byte[] r = new byte[b.length + ins.length];
                System.arraycopy(b, 0, r, 0, at);
                System.arraycopy(ins, 0, r, at, ins.length);
                System.arraycopy(b, at, r, at + ins.length, b.length - at);
                return r;
            }
            case 3: { // overwrite with 0xff runs: turns varints (dims, lengths) into huge values
                int at = rnd.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + rnd.nextInt(9));
                for (int i = 0; i < len; i++) {
                    b[at + i] = (byte) (i == len - 1 ? 0x7f : 0xff);
                }
                return b;
            }
            default: { // duplicate a chunk elsewhere (repeated fields, shifted lengths)
                int from = rnd.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + rnd.nextInt(64));
                int at = rnd.nextInt(b.length + 1);
                byte[] r = new byte[b.length + len];
                System.arraycopy(b, 0, r, 0, at);
                System.arraycopy(b, from, r, at, len);
                System.arraycopy(b, at, r, at + len, b.length - at);
                return r;
            }
        }
    }
}
