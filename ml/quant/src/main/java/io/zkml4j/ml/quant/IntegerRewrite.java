package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.T;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Integer Mod and BitShift by a constant, rewritten before quantization into the integer operators the prover proves
 * (integer division by one positive constant is IntDivProof's): BitShift LEFT by s is a Mul by 2^s, RIGHT a division by
 * 2^s (its operands are unsigned, so truncation is the floor); Mod(x, b) for one positive b is m = x - b trunc(x / b),
 * the sign of the dividend (fmod = 1), plus b where m &lt; 0 for the sign of the divisor (fmod = 0). Only integer
 * tensors with such a constant second operand are rewritten; anything else keeps its node.
 */
final class IntegerRewrite {
    private IntegerRewrite() {}

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        return GraphPasses.rewriteNodes(g, (n, init) -> rewrite(n, init, reference));
    }

    private static List<Node> rewrite(Node n, Map<String, Tensor> init, Map<String, Tensor> reference) {
        if (!n.opType().equals("Mod") && !n.opType().equals("BitShift") || n.inputs().size() != 2) return null;
        Tensor x = reference.get(n.inputs().get(0)), k = init.get(n.inputs().get(1));
        if (x == null || k == null || x.dtype().isFloat() || k.size() == 0) return null;
        long[] kv = T.l(k);
        String p = n.name() + "/as_integer_division/", xi = n.inputs().get(0), y = n.outputs().get(0);
        List<Node> r = new ArrayList<>();
        if (n.opType().equals("BitShift")) {
            long[] pow = new long[kv.length];
            for (int i = 0; i < kv.length; i++) {
                if (kv[i] < 0 || kv[i] > 62) return null;
                pow[i] = 1L << kv[i];
            }
            boolean left = "LEFT".equals(n.attrString("direction", ""));
            if (!left && !equal(kv)) return null;
            init.put(p + "pow", Tensor.ofInts(k.dtype(), k.shape(), pow));
            r.add(GraphPasses.node(p + (left ? "mul" : "div"), left ? "Mul" : "Div", y, xi, p + "pow"));
            return r;
        }
        if (!equal(kv) || kv[0] < 1) return null;
        boolean fmod = n.attrInt("fmod", 0) != 0;
        String b = n.inputs().get(1);
        r.add(GraphPasses.node(p + "div", "Div", p + "q", xi, b));
        r.add(GraphPasses.node(p + "mul", "Mul", p + "qb", p + "q", b));
        r.add(GraphPasses.node(p + "sub", "Sub", fmod ? y : p + "m", xi, p + "qb"));
        if (fmod) return r;
        init.put(p + "zero", Tensor.ofInts(x.dtype(), new int[0], new long[] {0}));
        r.add(GraphPasses.node(p + "negative", "Less", p + "neg", p + "m", p + "zero"));
        r.add(new Node(p + "cast", "Cast", "", List.of(p + "neg"), List.of(p + "negi"), Map.of("to", Attribute.ofInt("to", x.dtype().onnxCode()))));
        r.add(GraphPasses.node(p + "lift", "Mul", p + "up", p + "negi", b));
        r.add(GraphPasses.node(p + "add", "Add", y, p + "m", p + "up"));
        return r;
    }

    private static boolean equal(long[] v) {
        for (long a : v) if (a != v[0]) return false;
        return true;
    }
}
