package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.ops.T;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DequantizeLinear with constant scale and zero point, rewritten before quantization into operators the prover proves:
 * y = (Cast(x) - zp) * scale. A QuantizeLinear (constant scale and zero point) whose output only DequantizeLinear nodes
 * read, the fake quantization of QDQ exports, is folded into each: y = (Clip(Round(x * (1/scale)) + zp, lo, hi) - zp')
 * * scale', all in float, lo..hi the integer type's range (uint8 0..255, int8 -128..127), so no float-to-integer Cast is
 * needed. Round is half to even, as ONNX's; the quotient it rounds is the fixed-point x * (1/scale), so an input within
 * the quantization error of a tie may round the other way. A QuantizeLinear read by anything else keeps its node.
 */
final class QdqRewrite {
    private QdqRewrite() {}

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        Map<String, Node> producer = new HashMap<>();
        for (Node n : g.nodes()) for (String o : n.outputs()) producer.put(o, n);
        Set<String> onlyDequantized = new java.util.HashSet<>();
        for (Node n : g.nodes()) if (n.opType().equals("QuantizeLinear") && constants(n, g.initializers()) != null) onlyDequantized.add(n.outputs().get(0));
        for (Node n : g.nodes()) if (!n.opType().equals("DequantizeLinear")) onlyDequantized.removeAll(n.inputs());
        for (io.zkml4j.ml.ir.ValueInfo o : g.outputs()) onlyDequantized.remove(o.name());
        Graph r = GraphPasses.rewriteFloatNodes(g, reference, (n, init) -> {
            if (!n.opType().equals("DequantizeLinear")) return null;
            Tensor[] dq = constants(n, init);
            Tensor x = reference.get(n.inputs().get(0));
            if (dq == null || x == null) return null;
            String p = n.name() + "/as_affine/";
            int rank = x.shape().length, axis = (int) n.attrInt("axis", 1);
            List<Node> out = new ArrayList<>();
            String v;
            Node q = producer.get(n.inputs().get(0));
            if (q != null && onlyDequantized.contains(n.inputs().get(0))) {
                Tensor[] qc = constants(q, init);
                long[] b = io.zkml4j.ml.ops.QuantizeLinearOp.bounds(qc[1].dtype());
                String qp = p + "quantize/";
                double[] inv = T.d(qc[0]).clone();
                for (int i = 0; i < inv.length; i++) inv[i] = 1 / inv[i];
                int qaxis = (int) q.attrInt("axis", 1);
                out.add(GraphPasses.node(qp + "scale", "Mul", qp + "scaled", q.inputs().get(0), param(init, qp + "inv", inv, rank, qaxis)));
                out.add(GraphPasses.node(qp + "round", "Round", qp + "rounded", qp + "scaled"));
                out.add(GraphPasses.node(qp + "shift", "Add", qp + "shifted", qp + "rounded", param(init, qp + "zp", T.d(qc[1]), rank, qaxis)));
                if (g.opset() >= 11) { // Clip reads its bounds as inputs from opset 11
                    init.put(qp + "lo", Tensor.scalarFloat(b[0]));
                    init.put(qp + "hi", Tensor.scalarFloat(b[1]));
                    out.add(GraphPasses.node(qp + "clip", "Clip", qp + "q", qp + "shifted", qp + "lo", qp + "hi"));
                } else {
                    out.add(new Node(qp + "clip", "Clip", "", List.of(qp + "shifted"), List.of(qp + "q"),
                            Map.of("min", Attribute.ofFloat("min", b[0]), "max", Attribute.ofFloat("max", b[1]))));
                }
                v = qp + "q";
            } else {
                out.add(new Node(p + "float", "Cast", "", List.of(n.inputs().get(0)), List.of(p + "x"), Map.of("to", Attribute.ofInt("to", DType.FLOAT.onnxCode()))));
                v = p + "x";
            }
            out.add(GraphPasses.node(p + "centre", "Sub", p + "centred", v, param(init, p + "zp", T.d(dq[1]), rank, axis)));
            out.add(GraphPasses.node(p + "scale", "Mul", n.outputs().get(0), p + "centred", param(init, p + "scale", T.d(dq[0]), rank, axis)));
            return out;
        });
        if (r == g) return g;
        // the folded QuantizeLinear nodes: nothing reads them any more
        Set<String> read = GraphPasses.readNames(r);
        List<Node> live = new ArrayList<>();
        for (Node n : r.nodes()) if (!n.opType().equals("QuantizeLinear") || read.contains(n.outputs().get(0))) live.add(n);
        return r.withNodes(live, r.initializers());
    }

    /** Scale and zero point (zeros of uint8 when absent) of a Q or DQ node, or null when either is not a constant. */
    private static Tensor[] constants(Node n, Map<String, Tensor> init) {
        Tensor scale = n.inputs().size() > 1 ? init.get(n.inputs().get(1)) : null;
        if (scale == null) return null;
        boolean hasZp = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty();
        Tensor zp = hasZp ? init.get(n.inputs().get(2)) : Tensor.ofInts(DType.UINT8, scale.shape(), new long[scale.size()]);
        if (zp == null || zp.dtype() != DType.UINT8 && zp.dtype() != DType.INT8) return null;
        return new Tensor[] {scale, zp};
    }

    /** A per-tensor (scalar) or per-axis parameter as a float constant that broadcasts against a rank-{@code rank} tensor. */
    private static String param(Map<String, Tensor> init, String name, double[] v, int rank, int axis) {
        int[] shape = new int[0];
        if (v.length > 1) {
            int a = Shapes.axis(axis, rank, name);
            shape = new int[rank - a];
            java.util.Arrays.fill(shape, 1);
            shape[0] = v.length;
        }
        init.put(name, Tensor.ofFloats(shape, v));
        return name;
    }
}
