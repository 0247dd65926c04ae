package io.zkml4j.ml.prover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test models: the shared corpus's digits_mlp and random small MLPs built directly as quantized graphs. */
final class Models {
    private Models() {}

    static Path shared() {
        return Path.of(System.getProperty("zkml4j.shared", "../../../shared"));
    }

    static List<double[]> digitsInputs() {
        return inputs("digits_mlp");
    }

    /** The 32 test inputs of a shared-corpus model. */
    static List<double[]> inputs(String model) {
        try {
            JsonNode n = new ObjectMapper().readTree(shared().resolve("models/" + model + "/inputs.json").toFile());
            List<double[]> r = new ArrayList<>();
            for (JsonNode v : n.get("inputs")) {
                double[] d = new double[v.size()];
                for (int i = 0; i < d.length; i++) d[i] = v.get(i).asDouble();
                r.add(d);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.Map<String, QuantizedModel> SHARED = new java.util.HashMap<>();

    static QuantizedModel digits() {
        return shared("digits_mlp");
    }

    /** A shared-corpus model compiled with its 32 test inputs as calibration data. */
    static synchronized QuantizedModel shared(String model) {
        return SHARED.computeIfAbsent(model, name -> {
            Graph g = OnnxLoader.load(shared().resolve("models/" + name + "/network.onnx"), 1);
            List<List<double[]>> cal = new ArrayList<>();
            for (double[] x : inputs(name)) cal.add(List.of(x));
            return ModelCompiler.compile(g, cal, CompileOptions.defaults());
        });
    }

    /** Layer spec for {@link #mlp}: a LINEAR of this width (Gemm with bias or MatMul without), or a Relu (width 0). */
    static QuantizedModel mlp(long seed, int inLen, String... layers) {
        Random rnd = new Random(seed);
        QuantizedModel m = withInput("random-mlp-" + seed, new int[] {1, inLen}, 10, 512);
        String cur = "x";
        int len = inLen, scale = 10;
        for (int l = 0; l < layers.length; l++) {
            String kind = layers[l];
            QNode q = new QNode();
            q.name = "n" + l;
            q.op = kind.startsWith("Gemm") ? "Gemm" : kind.startsWith("MatMul") ? "MatMul" : kind;
            String out = "v" + l;
            q.inputs.add(cur);
            q.outputs.add(out);
            if (q.op.equals("Flatten")) { // an order-preserving reshape: identity index map
                q.inShapes = new int[][] {{1, len}};
                q.outShapes = new int[][] {{1, len}};
                q.inScales = new int[] {scale};
                q.outScales = new int[] {scale};
                q.put("identity0", 1);
                q.put("data", 0);
            } else if (kind.startsWith("Sigmoid") || kind.startsWith("Tanh") || kind.startsWith("Exp") || kind.startsWith("Erf")) {
                // "Sigmoid" (default table: saturating, sIn 12) or "Sigmoid/<sIn>/<sOut>/<sat 0|1>"
                String[] f = kind.split("/");
                q.op = f[0];
                int sIn = f.length > 1 ? Integer.parseInt(f[1]) : 12, sOut = f.length > 2 ? Integer.parseInt(f[2]) : 12;
                boolean sat = f.length > 3 ? f[3].equals("1") : !f[0].equals("Exp");
                UnaryFunction fn = UnaryFunction.valueOf(f[0].toUpperCase(java.util.Locale.ROOT));
                q.tables.add(new TableRule(fn, new double[0], sIn, sOut, 16, -(1 << 15), (1 << 15) - 1, sat));
                q.inShapes = new int[][] {{1, len}};
                q.outShapes = new int[][] {{1, len}};
                q.inScales = new int[] {scale};
                q.outScales = new int[] {sOut};
                scale = sOut;
            } else if (q.op.equals("Relu")) {
                q.inShapes = new int[][] {{1, len}};
                q.outShapes = new int[][] {{1, len}};
                q.inScales = new int[] {scale};
                q.outScales = new int[] {scale};
            } else {
                int n = Integer.parseInt(kind.substring(q.op.length()));
                int ws = 8;
                long[] w = new long[len * n];
                for (int i = 0; i < w.length; i++) w[i] = rnd.nextInt(1 << 9) - (1 << 8);
                m.constants.put("W" + l, new QConst(new int[] {len, n}, ws, w));
                q.inputs.add("W" + l);
                int sAcc = scale + ws;
                if (q.op.equals("Gemm")) {
                    long[] b = new long[n];
                    for (int i = 0; i < n; i++) b[i] = rnd.nextInt(1 << 19) - (1 << 18);
                    m.constants.put("b" + l, new QConst(new int[] {n}, sAcc, b));
                    q.inputs.add("b" + l);
                    q.put("transA", 0);
                    q.put("transB", 0);
                    q.inShapes = new int[][] {{1, len}, {len, n}, {n}};
                    q.inScales = new int[] {scale, ws, sAcc};
                } else {
                    q.inShapes = new int[][] {{1, len}, {len, n}};
                    q.inScales = new int[] {scale, ws};
                }
                int outScale = 10 - (len > 16 ? 2 : 0);
                q.outShapes = new int[][] {{1, n}};
                q.outScales = new int[] {outScale};
                len = n;
                scale = outScale;
            }
            m.nodes.add(q);
            cur = out;
        }
        QuantizedModel.Io o = new QuantizedModel.Io();
        o.name = cur;
        o.shape = new int[] {1, len};
        o.scale = scale;
        m.outputs.add(o);
        return m;
    }

    /** An empty quantized graph (20 activation bits) with one public input "x" of the given shape and scale. */
    static QuantizedModel withInput(String source, int[] shape, int scale, double calibratedMax) {
        QuantizedModel m = new QuantizedModel();
        m.actBits = 20;
        m.weightBits = 16;
        m.headroom = 2;
        m.opset = 13;
        m.source = source;
        QuantizedModel.Io in = new QuantizedModel.Io();
        in.name = "x";
        in.shape = shape.clone();
        in.scale = scale;
        in.calibratedMax = calibratedMax;
        m.inputs.add(in);
        return m;
    }

    static long[] randomInput(long seed, int len) {
        Random rnd = new Random(seed);
        long[] x = new long[len];
        for (int i = 0; i < len; i++) x[i] = rnd.nextInt(1 << 11) - (1 << 10);
        return x;
    }
}
