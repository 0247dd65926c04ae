package io.zkml4j.ml.ops;

/** outer x len x inner decomposition of a shape around one axis (or, for the opset<13 Softmax family, a 2-d coercion at the axis). */
record AxisPlan(int outer, int len, int inner) {
    static AxisPlan of(int[] s, int axis) {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= s[i];
        for (int i = axis + 1; i < s.length; i++) inner *= s[i];
        return new AxisPlan(outer, s[axis], inner);
    }

    /** Softmax/LogSoftmax/Hardmax axis semantics: single axis from opset 13 (default -1), flattened tail before (default 1). */
    static AxisPlan softmax(io.zkml4j.ml.ir.Node node, int[] s) {
        if (OpContext.opset() >= 13) return of(s, Shapes.axis(node.attrInt("axis", -1), s.length, node.describe()));
        int axis = s.length == 0 ? 0 : Shapes.axis(node.attrInt("axis", 1), s.length, node.describe());
        int outer = 1, len = 1;
        for (int i = 0; i < axis; i++) outer *= s[i];
        for (int i = axis; i < s.length; i++) len *= s[i];
        return new AxisPlan(outer, len, 1);
    }

    int index(int o, int k, int i) {
        return (o * len + k) * inner + i;
    }
}
