package io.zkml4j.ml.quant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.ml.exec.IntExecutor;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ops.Shapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled model: the quantized graph (nodes with scales, integer parameters and table rules),
 * its integer constants, and the scales of its inputs and outputs. It runs exactly in integers
 * ({@link #runTrace}) and is stored as a versioned .zkm file: JSON (format name, version, graph,
 * scales, table rules, parameters) with constants as base64 little-endian integers of the smallest
 * sufficient width ({@link QConst}). Reading rejects unknown fields, other formats and versions.
 */
public final class QuantizedModel {
    public static final String FORMAT = "zkml4j-quantized-model";
    public static final int VERSION = 1;

    /** A graph input or output: name, static shape, scale, whether it holds integers, calibrated max |x|. */
    public static final class Io {
        public String name;
        public int[] shape;
        public int scale;
        public boolean integer;
        public double calibratedMax;

        public Io() {}

        Io(String name, int[] shape, int scale, boolean integer, double calibratedMax) {
            this.name = name;
            this.shape = shape;
            this.scale = scale;
            this.integer = integer;
            this.calibratedMax = calibratedMax;
        }
    }

    public String format = FORMAT;
    public int version = VERSION;
    public String source;
    public int opset;
    public int actBits;
    public int weightBits;
    public double headroom;
    public List<Io> inputs = new ArrayList<>();
    public List<Io> outputs = new ArrayList<>();
    public List<QNode> nodes = new ArrayList<>();
    public Map<String, QConst> constants = new LinkedHashMap<>();
    public String report = "";

    public QuantizedModel() {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public List<String> inputNames() {
        return inputs.stream().map(i -> i.name).toList();
    }

    public List<int[]> inputShapes() {
        return inputs.stream().map(i -> i.shape.clone()).toList();
    }

    public List<int[]> outputShapes() {
        return outputs.stream().map(i -> i.shape.clone()).toList();
    }

    public String report() {
        return report;
    }

    /** Quantizes float inputs at their scales, rejecting wrong lengths, NaN and values far outside the calibrated range. */
    public List<long[]> quantizeInputs(List<double[]> in) {
        if (in.size() != inputs.size()) throw new ModelException("the model has " + inputs.size() + " input(s), got " + in.size());
        List<long[]> r = new ArrayList<>();
        long bound = 1L << Math.min(60, actBits + 3);
        for (int k = 0; k < in.size(); k++) {
            Io io = inputs.get(k);
            double[] x = in.get(k);
            int n = Shapes.size(io.shape);
            if (x == null || x.length != n) {
                throw new ModelException("input '" + io.name + "' needs " + n + " values (shape " + Arrays.toString(io.shape) + "), got " + (x == null ? 0 : x.length));
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(x[i])) throw new ModelException("input '" + io.name + "' value " + i + " is " + x[i]);
                v[i] = io.integer ? Math.round(x[i]) : FixedPoint.quantize(x[i], io.scale);
                if (!io.integer && Math.abs(v[i]) >= bound) {
                    throw new ModelException("input '" + io.name + "' value " + i + " = " + x[i] + " is far outside the calibrated range (max |x| = "
                            + io.calibratedMax + "); recalibrate with more samples");
                }
            }
            r.add(v);
        }
        return r;
    }

    /** Exact integer run on already quantized inputs. */
    public IntTrace execute(List<long[]> quantized) {
        IntTrace trace = new IntTrace(outputs.stream().map(o -> o.name).toList());
        for (int k = 0; k < inputs.size(); k++) {
            Io io = inputs.get(k);
            trace.put(io.name, new IntTrace.Value(io.shape, io.scale, quantized.get(k)));
        }
        Map<String, IntTrace.Value> constCache = new LinkedHashMap<>();
        IntExecutor.run(nodes, new IntExecutor.Env() {
            @Override
            public IntTrace.Value get(String name) {
                IntTrace.Value v = trace.get(name);
                if (v != null) return v;
                QConst c = constants.get(name);
                if (c == null) return null;
                return constCache.computeIfAbsent(name, n -> new IntTrace.Value(c.shape, c.scale, c.values));
            }

            @Override
            public void put(String name, IntTrace.Value v) {
                trace.put(name, v);
            }
        });
        for (Io o : outputs) {
            if (trace.get(o.name) == null) {
                QConst c = constants.get(o.name);
                if (c == null) throw new ModelException("output '" + o.name + "' was not computed");
                trace.put(o.name, new IntTrace.Value(c.shape, c.scale, c.values));
            }
        }
        return trace;
    }

    /** Quantize, run exactly in integers, keep every intermediate tensor. */
    public IntTrace runTrace(List<double[]> in) {
        return execute(quantizeInputs(in));
    }

    /** Quantize, run exactly in integers, dequantize the outputs. */
    public List<double[]> run(List<double[]> in) {
        IntTrace t = runTrace(in);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) out.add(t.output(i).dequantize());
        return out;
    }

    @JsonIgnore
    public QuantPolicy policy() {
        return new QuantPolicy(actBits, weightBits, headroom);
    }

    public void write(Path file) {
        try {
            Files.writeString(file, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new ModelException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Structural checks after reading: every node well-formed and every value defined before it is read. */
    void validate(String where) {
        if (inputs == null || outputs == null || nodes == null || constants == null) throw new ModelException(where + ": incomplete .zkm file");
        java.util.Set<String> defined = new java.util.HashSet<>(constants.keySet());
        for (Io io : inputs) {
            if (io.name == null || io.shape == null) throw new ModelException(where + ": malformed input entry");
            defined.add(io.name);
        }
        for (QNode q : nodes) {
            if (q.op == null || !io.zkml4j.ml.ops.OpRegistry.isSupported(q.op)) throw new ModelException(where + ": unknown operator " + q.op + " in " + q.describe());
            boolean ok = q.inputs != null && q.outputs != null && q.inShapes != null && q.outShapes != null && q.inScales != null && q.outScales != null
                    && q.inShapes.length == q.inputs.size() && q.inScales.length == q.inputs.size()
                    && q.outShapes.length == q.outputs.size() && q.outScales.length == q.outputs.size() && q.ints != null && q.tables != null;
            if (!ok) throw new ModelException(where + ": malformed " + q.describe());
            for (String in : q.inputs) {
                if (!in.isEmpty() && !defined.contains(in)) throw new ModelException(where + ": " + q.describe() + " reads undefined value '" + in + "'");
            }
            for (int j = 0; j < q.outShapes.length; j++) {
                if (q.outShapes[j] == null) throw new ModelException(where + ": malformed " + q.describe());
            }
            defined.addAll(q.outputs);
        }
        for (Io o : outputs) {
            if (o.name == null || !defined.contains(o.name)) throw new ModelException(where + ": output '" + o.name + "' is never computed");
        }
    }

    public static QuantizedModel read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
        QuantizedModel m;
        try {
            m = JSON.readValue(text, QuantizedModel.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelException(file + " is not a valid .zkm file: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!FORMAT.equals(m.format)) throw new ModelException(file + " is not a zkml4j quantized model (format '" + m.format + "')");
        if (m.version != VERSION) throw new ModelException(file + " has .zkm version " + m.version + "; this build reads version " + VERSION);
        m.validate(file.toString());
        return m;
    }
}
