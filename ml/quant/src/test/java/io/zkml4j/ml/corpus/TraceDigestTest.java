package io.zkml4j.ml.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact integer run: SHA-256 of every tensor of the trace (name, shape, scale, values, in
 * execution order) for the trained models of ../shared/models (two inputs each, compiled on all 32)
 * and every ezkl example folder (compiled and run on its input.json, or zeros), against digests
 * recorded in trace-digests.txt. Any change to an integer value of any model fails this test, so
 * speed work on the executor cannot silently change the witness. Each model runs three times
 * (input 0, input 1, input 0 again) so per-node caches cannot leak state from one run into the next.
 *
 * <p>Regenerate only when the integer semantics change on purpose (and say so in the commit):
 * {@code mvn -pl ml/quant verify -Dtest=TraceDigestTest -Dzkml4j.writeDigests=/tmp/trace-digests.txt}
 * (the surefire configuration forwards system properties set with -D to the test JVM).
 */
class TraceDigestTest {
    private static final String RESOURCE = "trace-digests.txt";

    /** SHA-256 over every value of the trace, in order. */
    static String digest(IntTrace t) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, IntTrace.Value> e : t.values().entrySet()) {
                IntTrace.Value v = e.getValue();
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                ByteBuffer b = ByteBuffer.allocate(4 * (3 + v.shape().length) + 8 * v.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(0).putInt(v.scale()).putInt(v.shape().length);
                for (int d : v.shape()) b.putInt(d);
                for (long x : v.values()) b.putLong(x);
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Digests of the runs of one model folder: "name#input" -> hex, or null when the folder is absent. */
    static Map<String, String> digests(Path dir, boolean trained) {
        String name = dir.getFileName().toString();
        Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
        List<List<double[]>> calib = new ArrayList<>();
        if (trained) {
            for (double[] x : Corpus.vectors(Corpus.read(dir.resolve("inputs.json")).get("inputs"))) calib.add(List.of(x));
        } else {
            calib.add(ezklInput(dir, g));
        }
        QuantizedModel m = ModelCompiler.compile(g, calib, CompileOptions.defaults());
        Map<String, String> r = new LinkedHashMap<>();
        List<double[]> first = calib.get(0);
        List<double[]> second = calib.size() > 1 ? calib.get(1) : scaled(first);
        String d0 = digestOrError(m, first);
        r.put(name + "#0", d0);
        r.put(name + "#1", digestOrError(m, second));
        assertEquals(d0, digestOrError(m, first), name + ": a repeated run gives a different trace");
        return r;
    }

    private static String digestOrError(QuantizedModel m, List<double[]> in) {
        try {
            return digest(m.runTrace(in));
        } catch (RuntimeException e) {
            // A rejected input is part of the pinned behaviour too (the same error must stay the same).
            return "error:" + e.getClass().getSimpleName() + ":" + String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        }
    }

    /** A second input for folders with one sample: the first, scaled by 0.75 (integers kept). */
    private static List<double[]> scaled(List<double[]> in) {
        List<double[]> r = new ArrayList<>();
        for (double[] x : in) {
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) if (y[i] != Math.rint(y[i])) y[i] *= 0.75;
            r.add(y);
        }
        return r;
    }

    private static List<double[]> ezklInput(Path dir, Graph g) {
        Path ij = dir.resolve("input.json");
        List<double[]> in = new ArrayList<>();
        List<double[]> raw = Files.exists(ij) ? Corpus.vectors(Corpus.read(ij).get("input_data")) : null;
        for (int i = 0; i < g.inputs().size(); i++) {
            ValueInfo vi = g.inputs().get(i);
            int n = Shapes.size(vi.shape());
            in.add(raw == null ? new double[n] : java.util.Arrays.copyOf(raw.get(i), n));
        }
        return in;
    }

    static List<Path> folders() throws IOException {
        List<Path> r = new ArrayList<>();
        for (String sub : List.of("models", "ezkl-examples")) {
            Path root = Corpus.shared().resolve(sub);
            if (!Files.isDirectory(root)) continue;
            try (var s = Files.list(root)) {
                s.filter(p -> Files.exists(p.resolve("network.onnx"))).sorted().forEach(r::add);
            }
        }
        return r;
    }

    static Map<String, String> all() throws IOException {
        Map<String, String> r = new LinkedHashMap<>();
        for (Path d : folders()) {
            boolean trained = d.getParent().getFileName().toString().equals("models");
            try {
                r.putAll(digests(d, trained));
            } catch (RuntimeException e) {
                String name = d.getFileName().toString();
                // Unsupported folders: the compile error is pinned instead.
                r.put(name + "#0", "compile-error:" + e.getClass().getSimpleName());
            }
        }
        return r;
    }

    @Test
    void everyTracePinned() throws IOException {
        Map<String, String> pinned = new LinkedHashMap<>();
        try (InputStream s = TraceDigestTest.class.getResourceAsStream(RESOURCE)) {
            assumeTrue(s != null || System.getProperty("zkml4j.writeDigests") != null, "no pinned digests");
            if (s != null) {
                for (String line : new String(s.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    int sp = line.indexOf(' ');
                    pinned.put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
        }
        List<Path> dirs = folders();
        assumeTrue(!dirs.isEmpty(), "model corpus not present");
        Map<String, String> now = all();
        String out = System.getProperty("zkml4j.writeDigests");
        if (out != null && !out.isEmpty()) {
            StringBuilder b = new StringBuilder("# SHA-256 of every integer trace tensor; see TraceDigestTest\n");
            now.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            Files.writeString(Path.of(out), b.toString());
            return;
        }
        assertFalse(pinned.isEmpty());
        List<String> diff = new ArrayList<>();
        for (Map.Entry<String, String> e : pinned.entrySet()) {
            String got = now.get(e.getKey());
            if (!e.getValue().equals(got)) diff.add(e.getKey() + ": pinned " + e.getValue() + ", now " + got);
        }
        assertEquals(pinned.size(), now.size(), "pinned and computed model runs differ in number");
        assertEquals(List.of(), diff, "integer traces changed");
    }
}
