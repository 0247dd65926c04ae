package io.zkml4j.ml.quant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.zkml4j.ml.ir.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node of the quantized graph: the operator, its wiring, static shapes, the power-of-two scale
 * of every input and output (value = integer / 2^scale), and the operator's integer parameters
 * (normalized attributes, shifts, divisors, index maps) and lookup-table rules. It is plain data,
 * serialized into the .zkm file; the operator's integer forward reads only this.
 */
public final class QNode {
    public String name;
    public String op;
    /** Input value names ("" = not used by the integer forward). */
    public List<String> inputs = new ArrayList<>();
    public List<String> outputs = new ArrayList<>();
    public int[][] inShapes;
    public int[][] outShapes;
    public int[] inScales;
    public int[] outScales;
    public Map<String, long[]> ints = new TreeMap<>();
    public Map<String, double[]> reals = new TreeMap<>();
    public Map<String, String> strings = new TreeMap<>();
    public List<TableRule> tables = new ArrayList<>();

    /**
     * A copy to rewrite: its own inputs list, input scales and integer parameters (the rest shared, read only); the
     * cache is not copied.
     */
    public QNode copy() {
        QNode p = new QNode();
        p.name = name;
        p.op = op;
        p.inputs = new ArrayList<>(inputs);
        p.outputs = outputs;
        p.inShapes = inShapes;
        p.outShapes = outShapes;
        p.inScales = inScales.clone();
        p.outScales = outScales;
        p.ints = new TreeMap<>(ints);
        p.reals = reals;
        p.strings = strings;
        p.tables = tables;
        return p;
    }

    /** Operator-specific precomputation (index maps, tables), rebuilt lazily after loading. */
    @JsonIgnore
    public transient Object cache;

    public long[] ints(String key) {
        long[] v = ints.get(key);
        if (v == null) throw new ModelException("quantized node '" + name + "' (" + op + ") lacks parameter " + key);
        return v;
    }

    public long i(String key) {
        return ints(key)[0];
    }

    public long i(String key, long dflt) {
        long[] v = ints.get(key);
        return v == null ? dflt : v[0];
    }

    public void put(String key, long... v) {
        ints.put(key, v);
    }

    public void putReal(String key, double... v) {
        reals.put(key, v);
    }

    public String describe() {
        return "node '" + name + "' (" + op + ")";
    }
}
