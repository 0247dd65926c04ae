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
 * ({@link #runTrace}) and is stored as a versioned binary .zkm file ({@link #write}: the graph as JSON, then every
 * constant as little-endian integers of the smallest sufficient width, streamed, with no size limit short of
 * memory); the JSON format of version 1 (constants in base64) is still read. Reading rejects unknown fields, other
 * formats and versions, truncated and longer files.
 */
public final class QuantizedModel {
    public static final String FORMAT = "zkml4j-quantized-model";
    public static final int VERSION = 1;

    /** A graph input or output: name, static shape, scale, whether it holds integers (or booleans), calibrated max |x|. */
    public static final class Io {
        public String name;
        public int[] shape;
        public int scale;
        public boolean integer;
        /** ONNX BOOL: every value 0 or 1 (the prover proves it of a private input; the verifier checks a public one). */
        public boolean bool;
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
                if (io.bool && v[i] != 0 && v[i] != 1) throw new ModelException("input '" + io.name + "' is BOOL: value " + i + " = " + x[i] + " is not 0 or 1");
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

    /** The binary format's first bytes; the JSON format of version 1 starts with '{'. */
    static final byte[] MAGIC = "ZKMLQM".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The binary format's version (the JSON one, still read, is {@link #VERSION} 1). */
    public static final int BINARY_VERSION = 2;
    /** Largest header (the graph without constants) and constant name a reader accepts. */
    private static final int MAX_HEADER_BYTES = 1 << 28, MAX_NAME_BYTES = 1 << 16, MAX_RANK = 16;

    /**
     * Writes the binary .zkm, streamed so that no part is limited short of memory: "ZKMLQM", u8 version 2, the graph
     * as JSON without the constants' values (u32 length, UTF-8), then u32 constant count and per constant: u16 name
     * length, name (UTF-8), u8 rank, u32 dimensions, i32 scale, u8 width w (1, 2, 4 or 8), the values as w-byte
     * little-endian integers, row-major. Integers of the frame are big-endian.
     */
    public void write(Path file) {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(MAGIC);
            out.writeByte(BINARY_VERSION);
            Map<String, QConst> keep = constants;
            byte[] header;
            try {
                constants = new LinkedHashMap<>();
                header = JSON.writeValueAsBytes(this);
            } finally {
                constants = keep;
            }
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(constants.size());
            for (Map.Entry<String, QConst> e : constants.entrySet()) {
                QConst c = e.getValue();
                byte[] name = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (name.length > MAX_NAME_BYTES - 1) throw new ModelException("constant name of " + name.length + " bytes: too long");
                out.writeShort(name.length);
                out.write(name);
                out.writeByte(c.shape.length);
                for (int d : c.shape) out.writeInt(d);
                out.writeInt(c.scale);
                int w = c.width();
                out.writeByte(w);
                out.write(c.bytes(w));
            }
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

    /** The JSON format of version 1 (still read; tests write it to check that). */
    String toJsonV1() throws JsonProcessingException {
        return JSON.writeValueAsString(this);
    }

    /** Reads a .zkm file: the binary format (version 2) or the JSON one of version 1. */
    public static QuantizedModel read(Path file) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            return read(ch, 0, ch.size(), file.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a .zkm held in bytes [position, position + length) of a channel (a file of its own, or a section of a
     * proving key); {@code where} names it in errors. Strict: a truncated, corrupted or longer file, another format or
     * version gets one line naming the problem.
     */
    public static QuantizedModel read(java.nio.channels.FileChannel ch, long position, long length, String where) throws IOException {
        if (length < MAGIC.length + 1) throw new ModelException(where + " is not a .zkm file (" + length + " bytes)");
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(MAGIC.length + 1);
        ch.read(head, position);
        byte[] h = head.array();
        if (h[0] == '{') {
            if (length > Integer.MAX_VALUE - 16) throw new ModelException(where + ": a JSON .zkm (version 1) of " + length + " bytes is too large; compile the model again");
            return readJson(where, new String(readFully(ch, position, (int) length, where), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!Arrays.equals(Arrays.copyOf(h, MAGIC.length), MAGIC)) throw new ModelException(where + " is not a .zkm file (no ZKMLQM header)");
        if (h[MAGIC.length] != BINARY_VERSION) throw new ModelException(where + " has .zkm version " + h[MAGIC.length] + "; this build reads versions 1 and " + BINARY_VERSION);
        Section in = new Section(ch, position + MAGIC.length + 1, position + length, where);
        int headerLen = in.length("graph", MAX_HEADER_BYTES);
        QuantizedModel m;
        try {
            m = JSON.readValue(in.bytes(headerLen), QuantizedModel.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelException(where + " is not a valid .zkm file: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!FORMAT.equals(m.format) || m.version != VERSION) throw new ModelException(where + " is not a zkml4j quantized model (format '" + m.format + "' " + m.version + ")");
        if (m.constants == null || !m.constants.isEmpty()) throw new ModelException(where + ": constants inside the graph section");
        int count = in.length("constant count", Integer.MAX_VALUE);
        for (int k = 0; k < count; k++) {
            int nameLen = in.u16();
            String name = new String(in.bytes(nameLen), java.nio.charset.StandardCharsets.UTF_8);
            int rank = in.u8();
            if (rank > MAX_RANK) throw new ModelException(where + ": constant '" + name + "' of rank " + rank);
            int[] shape = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.length("dimension of '" + name + "'", Integer.MAX_VALUE);
                n *= shape[d];
                if (n > Integer.MAX_VALUE - 16) throw new ModelException(where + ": constant '" + name + "' of " + n + "+ values is too large");
            }
            int scale = in.i32();
            int w = in.u8();
            if (w != 1 && w != 2 && w != 4 && w != 8) throw new ModelException(where + ": constant '" + name + "' has width " + w);
            long bytes = n * w;
            in.need(bytes, "values of '" + name + "'");
            long[] v = QConst.fromBytes(in.buffer(bytes), (int) n, w);
            if (m.constants.put(name, new QConst(shape, scale, v)) != null) throw new ModelException(where + ": constant '" + name + "' twice");
        }
        in.end();
        m.validate(where);
        return m;
    }

    private static QuantizedModel readJson(String where, String text) {
        QuantizedModel m;
        try {
            m = JSON.readValue(text, QuantizedModel.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelException(where + " is not a valid .zkm file: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!FORMAT.equals(m.format)) throw new ModelException(where + " is not a zkml4j quantized model (format '" + m.format + "')");
        if (m.version != VERSION) throw new ModelException(where + " has .zkm version " + m.version + "; this build reads version " + VERSION);
        m.validate(where);
        return m;
    }

    private static byte[] readFully(java.nio.channels.FileChannel ch, long at, int len, String where) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) throw new ModelException(where + ": truncated");
        }
        return b.array();
    }

    /** A bounded reader over [at, end) of a channel: every length is checked against what remains before reading. */
    private static final class Section {
        private final java.nio.channels.FileChannel ch;
        private final String where;
        private final long end;
        private long at;

        Section(java.nio.channels.FileChannel ch, long at, long end, String where) {
            this.ch = ch;
            this.at = at;
            this.end = end;
            this.where = where;
        }

        void need(long n, String what) {
            if (n > end - at) throw new ModelException(where + ": truncated (" + what + " needs " + n + " bytes, " + (end - at) + " remain)");
        }

        java.nio.ByteBuffer buffer(long n) throws IOException {
            need(n, "a section");
            if (n > Integer.MAX_VALUE - 16) throw new ModelException(where + ": a constant of " + n + " bytes exceeds what this build reads (2 GiB)");
            java.nio.ByteBuffer b = n > (1 << 20) ? ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, at, n) : java.nio.ByteBuffer.wrap(readFully(ch, at, (int) n, where));
            at += n;
            return b;
        }

        byte[] bytes(int n) throws IOException {
            need(n, "a section");
            byte[] b = readFully(ch, at, n, where);
            at += n;
            return b;
        }

        int u8() throws IOException {
            return bytes(1)[0] & 0xff;
        }

        int u16() throws IOException {
            return java.nio.ByteBuffer.wrap(bytes(2)).getShort() & 0xffff;
        }

        int i32() throws IOException {
            return java.nio.ByteBuffer.wrap(bytes(4)).getInt();
        }

        /** A non-negative count or length of at most max. */
        int length(String what, int max) throws IOException {
            int n = i32();
            if (n < 0 || n > max) throw new ModelException(where + ": " + what + " " + (n & 0xffffffffL) + " out of range");
            return n;
        }

        void end() {
            if (at != end) throw new ModelException(where + ": " + (end - at) + " trailing bytes after the last constant");
        }
    }
}
