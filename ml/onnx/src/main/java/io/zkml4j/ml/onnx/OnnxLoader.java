package io.zkml4j.ml.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.proto.OnnxProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Reads an ONNX model file (protobuf) into the IR. Every malformed input - missing or unreadable
 * file, truncated or corrupt protobuf, missing graph, dangling value reference, cycle, unknown data
 * type, tensor data that does not match its declared shape, absurd dims, external data outside the
 * model directory - ends in a {@link ModelException} whose message names the file and the offending
 * item. Memory is bounded by the file size: no array is allocated before its declared element count
 * has been checked against {@link Tensor#MAX_ELEMENTS} and against the bytes actually present.
 */
public final class OnnxLoader {
    /** Default-domain opsets whose operator semantics the ML layer implements. */
    public static final int MIN_OPSET = 7;
    public static final int MAX_OPSET = 21;
    /** protobuf-java cannot parse messages of 2 GiB or more; larger models must use external data. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** Nesting of subgraphs (If/Loop bodies); protobuf's own recursion limit is 100 messages. */
    private static final int MAX_SUBGRAPH_DEPTH = 16;

    private final Path baseDir;
    private final String source;
    private final int batchSize;
    /** Symbolic dim names bound to the batch size by the top-level inputs. */
    private final Set<String> batchParams = new HashSet<>();

    private OnnxLoader(Path baseDir, String source, int batchSize) {
        this.baseDir = baseDir;
        this.source = source;
        this.batchSize = batchSize;
    }

    /** Loads with batch size 1. */
    public static Graph load(Path file) {
        return load(file, 1);
    }

    /** Loads {@code file}; a symbolic first dim of a graph input becomes {@code batchSize}. */
    public static Graph load(Path file, int batchSize) {
        String source = describePath(file);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ModelException(source + ": is a directory, expected an .onnx file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelException(source + ": file of " + size + " bytes is too large for protobuf (use external data)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException("model file not found: " + file);
        } catch (AccessDeniedException e) {
            throw new ModelException("model file not readable: " + file);
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(bytes, dir, source, batchSize);
    }

    /**
     * Parses model bytes. {@code baseDir} resolves external data (null: external data is an error);
     * {@code source} names the model in messages.
     */
    public static Graph parse(byte[] bytes, Path baseDir, String source, int batchSize) {
        if (batchSize < 1) {
            throw new ModelException(source + ": batch size must be at least 1, got " + batchSize);
        }
        OnnxProto.ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            model = OnnxProto.ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(source + ": not a valid ONNX model (truncated or corrupt protobuf: " + protobufReason(e) + ")", e);
        } catch (IOException e) {
            throw new ModelException(source + ": cannot parse ONNX protobuf: " + e.getMessage(), e);
        }
        return new OnnxLoader(baseDir, source, batchSize).convertModel(model);
    }

    /** protobuf's message, first sentence only (the rest is generic advice). */
    private static String protobufReason(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage()).replace("While parsing a protocol message, the", "the");
        int dot = m.indexOf(". ");
        m = dot > 0 ? m.substring(0, dot) : m;
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static String describePath(Path file) {
        Path name = file.getFileName();
        Path parent = file.toAbsolutePath().getParent();
        if (name == null) {
            return file.toString();
        }
        return parent != null && parent.getFileName() != null ? parent.getFileName() + "/" + name : name.toString();
    }

    private ModelException error(String what) {
        return new ModelException(source + ": " + what);
    }

    // ---------------------------------------------------------------------------------------- model

    private Graph convertModel(OnnxProto.ModelProto model) {
        if (!model.hasGraph()) {
            throw error("model has no graph (not an ONNX model, or truncated)");
        }
        Map<String, Integer> opsets = new LinkedHashMap<>();
        for (OnnxProto.OperatorSetIdProto op : model.getOpsetImportList()) {
            String domain = normalizeDomain(op.getDomain());
            long v = op.getVersion();
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw error("invalid opset version " + v + " for domain '" + domain + "'");
            }
            opsets.merge(domain, (int) v, Math::max);
        }
        Integer opset = opsets.get("");
        if (opset == null) {
            if (model.getOpsetImportCount() == 0 && model.getIrVersion() > 0 && model.getIrVersion() < 3) {
                opset = 1; // IR < 3 had no opset_import and meant opset 1
            } else {
                throw error("no opset import for the default ONNX domain");
            }
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw error("ONNX opset " + opset + " is not supported (supported: " + MIN_OPSET + ".." + MAX_OPSET + ")");
        }
        // ai.onnx.ml tree ensembles become default-domain operators here, so every later stage sees only those
        return TreeEnsembleLowering.apply(convertGraph(model.getGraph(), Set.of(), true, source, opset, opsets, 0).graph);
    }

    private static String normalizeDomain(String d) {
        return d.equals("ai.onnx") ? "" : d;
    }

    // ---------------------------------------------------------------------------------------- graph

    /** A converted graph plus the outer-scope names its nodes (or nested subgraphs) read. */
    private static final class Converted {
        final Graph graph;
        final Set<String> captured;

        Converted(Graph graph, Set<String> captured) {
            this.graph = graph;
            this.captured = captured;
        }
    }

    private Converted convertGraph(OnnxProto.GraphProto g, Set<String> outerScope, boolean topLevel, String where,
                                   int opset, Map<String, Integer> opsets, int depth) {
        if (depth > MAX_SUBGRAPH_DEPTH) {
            throw error(where + ": subgraphs nested deeper than " + MAX_SUBGRAPH_DEPTH);
        }
        if (g.getSparseInitializerCount() > 0) {
            throw error(where + ": sparse initializers are not supported");
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (OnnxProto.TensorProto tp : g.getInitializerList()) {
            String name = tp.getName();
            if (name.isEmpty()) {
                throw error(where + ": initializer without a name");
            }
            if (initializers.put(name, decodeTensor(tp, "initializer '" + name + "'")) != null) {
                throw error(where + ": initializer '" + name + "' is defined twice");
            }
        }

        List<ValueInfo> inputs = new ArrayList<>();
        Set<String> inputNames = new HashSet<>();
        for (OnnxProto.ValueInfoProto vi : g.getInputList()) {
            if (vi.getName().isEmpty()) {
                throw error(where + ": graph input without a name");
            }
            if (initializers.containsKey(vi.getName())) {
                continue; // IR < 4 lists initializers among the inputs; they are constants here
            }
            if (!inputNames.add(vi.getName())) {
                throw error(where + ": graph input '" + vi.getName() + "' is declared twice");
            }
            inputs.add(topLevel ? graphInput(vi) : valueInfo(vi, "subgraph input"));
        }

        // Names visible to this graph's nodes: its inputs, initializers, node outputs, and the outer scope.
        Map<String, Integer> producer = new HashMap<>();
        int count = g.getNodeCount();
        for (int i = 0; i < count; i++) {
            OnnxProto.NodeProto np = g.getNode(i);
            for (String out : np.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (producer.containsKey(out) || initializers.containsKey(out) || inputNames.contains(out)) {
                    throw error(where + ": value '" + out + "' is produced more than once (again by node "
                            + nodeName(np, i) + ")");
                }
                producer.put(out, i);
            }
        }
        Set<String> visibleInside = new HashSet<>(outerScope);
        visibleInside.addAll(inputNames);
        visibleInside.addAll(initializers.keySet());
        visibleInside.addAll(producer.keySet());

        List<Node> nodes = new ArrayList<>(count);
        List<Set<String>> reads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            OnnxProto.NodeProto np = g.getNode(i);
            Set<String> nodeReads = new LinkedHashSet<>();
            nodes.add(convertNode(np, i, where, visibleInside, opset, opsets, depth, nodeReads));
            reads.add(nodeReads);
        }

        Set<String> captured = new LinkedHashSet<>();
        List<Node> sorted = topologicalSort(nodes, reads, producer, inputNames, initializers.keySet(), outerScope,
                captured, where);

        List<ValueInfo> outputs = new ArrayList<>();
        for (OnnxProto.ValueInfoProto vi : g.getOutputList()) {
            String name = vi.getName();
            if (name.isEmpty()) {
                throw error(where + ": graph output without a name");
            }
            if (!producer.containsKey(name) && !inputNames.contains(name) && !initializers.containsKey(name)) {
                if (outerScope.contains(name)) {
                    captured.add(name);
                } else {
                    throw error(where + ": graph output '" + name + "' is not produced by any node, input or initializer");
                }
            }
            outputs.add(topLevel ? graphOutput(vi) : valueInfo(vi, "subgraph output"));
        }
        if (topLevel && outputs.isEmpty()) {
            throw error("graph has no outputs");
        }

        Map<String, ValueInfo> infos = new LinkedHashMap<>();
        for (OnnxProto.ValueInfoProto vi : g.getValueInfoList()) {
            if (!vi.getName().isEmpty() && vi.getType().hasTensorType()) {
                infos.put(vi.getName(), lenientValueInfo(vi));
            }
        }
        String graphSource = topLevel ? source : source + " " + where;
        return new Converted(new Graph(graphSource, opset, opsets, inputs, outputs, sorted, initializers, infos), captured);
    }

    private static String nodeName(OnnxProto.NodeProto np, int index) {
        String name = np.getName().isEmpty() ? np.getOpType() + "_" + index : np.getName();
        return "'" + name + "' (" + np.getOpType() + ")";
    }

    /**
     * Kahn's algorithm, preferring the file's order among ready nodes so well-formed files keep it.
     * Reports the first input that nothing produces and, for a cycle, one node on it.
     */
    private List<Node> topologicalSort(List<Node> nodes, List<Set<String>> reads, Map<String, Integer> producer,
                                       Set<String> inputs, Set<String> initializers, Set<String> outerScope,
                                       Set<String> captured, String where) {
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> consumers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : reads.get(i)) {
                Integer p = producer.get(in);
                if (p != null) {
                    deps.add(p);
                } else if (inputs.contains(in) || initializers.contains(in)) {
                    continue;
                } else if (outerScope.contains(in)) {
                    captured.add(in);
                } else {
                    throw error(where + ": " + nodes.get(i).describe() + " reads '" + in
                            + "', which no node, graph input or initializer produces");
                }
            }
            pending[i] = deps.size();
            for (int d : deps) {
                consumers.get(d).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Node> sorted = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            sorted.add(nodes.get(i));
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (sorted.size() != n) {
            for (int i = 0; i < n; i++) {
                if (pending[i] > 0) {
                    throw error(where + ": the graph has a cycle through " + nodes.get(i).describe());
                }
            }
        }
        return sorted;
    }

    // ----------------------------------------------------------------------------------------- node

    private Node convertNode(OnnxProto.NodeProto np, int index, String where, Set<String> visible, int opset,
                             Map<String, Integer> opsets, int depth, Set<String> reads) {
        String opType = np.getOpType();
        if (opType.isEmpty()) {
            throw error(where + ": node #" + index + " has no op_type");
        }
        String name = np.getName().isEmpty() ? opType + "_" + index : np.getName();
        String domain = normalizeDomain(np.getDomain());
        Node shell = new Node(name, opType, domain, List.of(), List.of(), Map.of());
        for (String in : np.getInputList()) {
            if (!in.isEmpty()) {
                reads.add(in);
            }
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (OnnxProto.AttributeProto ap : np.getAttributeList()) {
            Attribute a = convertAttribute(ap, shell, visible, opset, opsets, depth, reads);
            if (attrs.put(a.name(), a) != null) {
                throw error(where + ": " + shell.describe() + " has attribute '" + a.name() + "' twice");
            }
        }
        return new Node(name, opType, domain, np.getInputList(), np.getOutputList(), attrs);
    }

    private Attribute convertAttribute(OnnxProto.AttributeProto ap, Node node, Set<String> visible, int opset,
                                       Map<String, Integer> opsets, int depth, Set<String> reads) {
        String name = ap.getName();
        String what = node.describe() + " attribute '" + name + "'";
        if (name.isEmpty()) {
            throw error(node.describe() + ": attribute without a name");
        }
        if (!ap.getRefAttrName().isEmpty()) {
            throw error(what + ": attribute references (ref_attr_name) are only valid inside functions");
        }
        OnnxProto.AttributeProto.AttributeType type = ap.hasType() ? ap.getType() : inferType(ap);
        switch (type) {
            case FLOAT: return Attribute.ofFloat(name, ap.getF());
            case INT: return Attribute.ofInt(name, ap.getI());
            case STRING: return Attribute.ofString(name, ap.getS().toStringUtf8());
            case TENSOR: return Attribute.ofTensor(name, decodeTensor(ap.getT(), what));
            case GRAPH: return Attribute.ofGraph(name, subgraph(ap.getG(), what, visible, opset, opsets, depth, reads));
            case FLOATS: {
                float[] v = new float[ap.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = ap.getFloats(i);
                }
                return Attribute.ofFloats(name, v);
            }
            case INTS: {
                long[] v = new long[ap.getIntsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = ap.getInts(i);
                }
                return Attribute.ofInts(name, v);
            }
            case STRINGS: {
                String[] v = new String[ap.getStringsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = ap.getStrings(i).toStringUtf8();
                }
                return Attribute.ofStrings(name, v);
            }
            case TENSORS: {
                List<Tensor> v = new ArrayList<>();
                for (OnnxProto.TensorProto tp : ap.getTensorsList()) {
                    v.add(decodeTensor(tp, what));
                }
                return Attribute.ofTensors(name, v);
            }
            case GRAPHS: {
                List<Graph> v = new ArrayList<>();
                for (OnnxProto.GraphProto gp : ap.getGraphsList()) {
                    v.add(subgraph(gp, what, visible, opset, opsets, depth, reads));
                }
                return Attribute.ofGraphs(name, v);
            }
            default:
                throw error(what + ": attributes of type " + type + " are not supported");
        }
    }

    private Graph subgraph(OnnxProto.GraphProto gp, String what, Set<String> visible, int opset,
                           Map<String, Integer> opsets, int depth, Set<String> reads) {
        Converted c = convertGraph(gp, visible, false, what, opset, opsets, depth + 1);
        reads.addAll(c.captured); // the node depends on the outer values its body reads
        return c.graph;
    }

    /** IR version 1 had no type discriminator: infer it from the field in use. */
    private static OnnxProto.AttributeProto.AttributeType inferType(OnnxProto.AttributeProto ap) {
        if (ap.hasF()) return OnnxProto.AttributeProto.AttributeType.FLOAT;
        if (ap.hasI()) return OnnxProto.AttributeProto.AttributeType.INT;
        if (ap.hasS()) return OnnxProto.AttributeProto.AttributeType.STRING;
        if (ap.hasT()) return OnnxProto.AttributeProto.AttributeType.TENSOR;
        if (ap.hasG()) return OnnxProto.AttributeProto.AttributeType.GRAPH;
        if (ap.getFloatsCount() > 0) return OnnxProto.AttributeProto.AttributeType.FLOATS;
        if (ap.getIntsCount() > 0) return OnnxProto.AttributeProto.AttributeType.INTS;
        if (ap.getStringsCount() > 0) return OnnxProto.AttributeProto.AttributeType.STRINGS;
        if (ap.getTensorsCount() > 0) return OnnxProto.AttributeProto.AttributeType.TENSORS;
        if (ap.getGraphsCount() > 0) return OnnxProto.AttributeProto.AttributeType.GRAPHS;
        return OnnxProto.AttributeProto.AttributeType.UNDEFINED;
    }

    // --------------------------------------------------------------------------------- value infos

    /** A top-level input: a tensor with a fully known shape (symbolic first dim = batch size). */
    private ValueInfo graphInput(OnnxProto.ValueInfoProto vi) {
        String what = "input '" + vi.getName() + "'";
        OnnxProto.TypeProto.Tensor tt = tensorType(vi, what);
        DType dtype = dtype(tt.getElemType(), what);
        if (!tt.hasShape()) {
            throw error(what + " has no shape");
        }
        List<OnnxProto.TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            OnnxProto.TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue()) {
                shape[i] = dimValue(d.getDimValue(), what);
            } else if (i == 0) {
                shape[i] = batchSize;
                if (d.hasDimParam()) {
                    batchParams.add(d.getDimParam());
                }
            } else {
                String sym = d.hasDimParam() ? "'" + d.getDimParam() + "'" : "?";
                throw error(what + " has symbolic dim " + sym + " at axis " + i
                        + "; only the first (batch) dim may be symbolic");
            }
        }
        Tensor.elementCount(shape, source + ": " + what);
        return new ValueInfo(vi.getName(), dtype, shape);
    }

    /** A top-level output: a tensor; symbolic dims become the batch size (first dim or a batch name) or -1. */
    private ValueInfo graphOutput(OnnxProto.ValueInfoProto vi) {
        String what = "output '" + vi.getName() + "'";
        OnnxProto.TypeProto.Tensor tt = tensorType(vi, what);
        DType dtype = tt.getElemType() == 0 ? null : dtype(tt.getElemType(), what);
        return new ValueInfo(vi.getName(), dtype, tt.hasShape() ? shapeOf(tt.getShape(), true, what) : null);
    }

    /** Subgraph inputs/outputs: tensors whose type and shape may be partly unknown. */
    private ValueInfo valueInfo(OnnxProto.ValueInfoProto vi, String kind) {
        String what = kind + " '" + vi.getName() + "'";
        if (!vi.getType().hasTensorType()) {
            return new ValueInfo(vi.getName(), null, null);
        }
        OnnxProto.TypeProto.Tensor tt = vi.getType().getTensorType();
        DType dtype = tt.getElemType() == 0 ? null : dtype(tt.getElemType(), what);
        return new ValueInfo(vi.getName(), dtype, tt.hasShape() ? shapeOf(tt.getShape(), false, what) : null);
    }

    /** value_info of intermediates is only a hint: unknown types become null rather than errors. */
    private ValueInfo lenientValueInfo(OnnxProto.ValueInfoProto vi) {
        OnnxProto.TypeProto.Tensor tt = vi.getType().getTensorType();
        DType dtype;
        try {
            dtype = DType.fromOnnx(tt.getElemType());
        } catch (ModelException e) {
            dtype = null;
        }
        int[] shape = null;
        if (tt.hasShape()) {
            try {
                shape = shapeOf(tt.getShape(), false, "value '" + vi.getName() + "'");
            } catch (ModelException e) {
                shape = null;
            }
        }
        return new ValueInfo(vi.getName(), dtype, shape);
    }

    private OnnxProto.TypeProto.Tensor tensorType(OnnxProto.ValueInfoProto vi, String what) {
        OnnxProto.TypeProto t = vi.getType();
        if (!t.hasTensorType()) {
            String kind = t.hasSequenceType() ? "a sequence" : t.hasMapType() ? "a map" : t.hasOptionalType()
                    ? "an optional" : t.hasSparseTensorType() ? "a sparse tensor" : "untyped";
            throw error(what + " is " + kind + "; only tensors are supported");
        }
        return t.getTensorType();
    }

    private DType dtype(int code, String what) {
        try {
            return DType.fromOnnx(code);
        } catch (ModelException e) {
            throw error(what + ": " + e.getMessage());
        }
    }

    private int[] shapeOf(OnnxProto.TensorShapeProto sp, boolean firstIsBatch, String what) {
        int[] shape = new int[sp.getDimCount()];
        for (int i = 0; i < shape.length; i++) {
            OnnxProto.TensorShapeProto.Dimension d = sp.getDim(i);
            if (d.hasDimValue()) {
                shape[i] = dimValue(d.getDimValue(), what);
            } else if ((firstIsBatch && i == 0) || (d.hasDimParam() && batchParams.contains(d.getDimParam()))) {
                shape[i] = batchSize;
            } else {
                shape[i] = -1;
            }
        }
        return shape;
    }

    private int dimValue(long v, String what) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(what + " has invalid dim " + v);
        }
        return (int) v;
    }

    // -------------------------------------------------------------------------------------- tensors

    private Tensor decodeTensor(OnnxProto.TensorProto tp, String what) {
        DType dtype = dtype(tp.getDataType(), what);
        int[] shape = new int[tp.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dimValue(tp.getDims(i), what);
        }
        int n = Tensor.elementCount(shape, source + ": " + what);
        String desc = what + " (" + dtype + " " + Arrays.toString(shape) + ")";
        if (tp.hasSegment()) {
            throw error(desc + ": segmented tensors are not supported");
        }
        boolean external = tp.getDataLocation() == OnnxProto.TensorProto.DataLocation.EXTERNAL;
        if (!external && tp.getExternalDataCount() > 0) {
            throw error(desc + ": has external_data entries but data_location is not EXTERNAL");
        }
        if (external) {
            if (dtype == DType.STRING) {
                throw error(desc + ": string tensors cannot be stored externally");
            }
            return decodeRaw(dtype, shape, n, readExternal(tp, dtype, n, desc), desc);
        }
        if (tp.hasRawData()) {
            if (dtype == DType.STRING) {
                throw error(desc + ": string tensors cannot use raw_data");
            }
            return decodeRaw(dtype, shape, n, tp.getRawData().asReadOnlyByteBuffer(), desc);
        }
        return decodeTyped(tp, dtype, shape, n, desc);
    }

    /** Fixed-width little-endian elements; BOOL is one byte per element. */
    private Tensor decodeRaw(DType dtype, int[] shape, int n, ByteBuffer raw, String desc) {
        long expected = (long) n * dtype.byteWidth();
        if (raw.remaining() != expected) {
            throw error(desc + ": raw data has " + raw.remaining() + " bytes, expected " + expected);
        }
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (dtype.isFloat()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                switch (dtype) {
                    case FLOAT: v[i] = b.getFloat(); break;
                    case DOUBLE: v[i] = b.getDouble(); break;
                    case FLOAT16: v[i] = halfToFloat(b.getShort() & 0xffff); break;
                    default: v[i] = bfloat16ToFloat(b.getShort() & 0xffff); break;
                }
            }
            return Tensor.ofFloats(dtype, shape, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case INT8: v[i] = b.get(); break;
                case UINT8: v[i] = b.get() & 0xff; break;
                case BOOL: v[i] = b.get() != 0 ? 1 : 0; break;
                case INT16: v[i] = b.getShort(); break;
                case UINT16: v[i] = b.getShort() & 0xffff; break;
                case INT32: v[i] = b.getInt(); break;
                case UINT32: v[i] = b.getInt() & 0xffffffffL; break;
                default: v[i] = b.getLong(); break; // INT64, UINT64 (two's complement bits)
            }
        }
        return Tensor.ofInts(dtype, shape, v);
    }

    private Tensor decodeTyped(OnnxProto.TensorProto tp, DType dtype, int[] shape, int n, String desc) {
        switch (dtype) {
            case FLOAT: {
                checkCount(tp.getFloatDataCount(), n, "float_data", desc);
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = tp.getFloatData(i);
                }
                return Tensor.ofFloats(dtype, shape, v);
            }
            case DOUBLE: {
                checkCount(tp.getDoubleDataCount(), n, "double_data", desc);
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = tp.getDoubleData(i);
                }
                return Tensor.ofFloats(dtype, shape, v);
            }
            case FLOAT16:
            case BFLOAT16: {
                // int32_data carries the 16-bit patterns
                checkCount(tp.getInt32DataCount(), n, "int32_data", desc);
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    int bits = tp.getInt32Data(i);
                    if ((bits & ~0xffff) != 0) {
                        throw error(desc + ": int32_data value " + bits + " is not a 16-bit pattern");
                    }
                    v[i] = dtype == DType.FLOAT16 ? halfToFloat(bits) : bfloat16ToFloat(bits);
                }
                return Tensor.ofFloats(dtype, shape, v);
            }
            case INT8: case UINT8: case INT16: case UINT16: case INT32: case BOOL: {
                checkCount(tp.getInt32DataCount(), n, "int32_data", desc);
                long lo = dtype == DType.INT8 ? Byte.MIN_VALUE : dtype == DType.INT16 ? Short.MIN_VALUE
                        : dtype == DType.INT32 ? Integer.MIN_VALUE : 0;
                long hi = dtype == DType.INT8 ? Byte.MAX_VALUE : dtype == DType.UINT8 ? 0xff : dtype == DType.INT16
                        ? Short.MAX_VALUE : dtype == DType.UINT16 ? 0xffff : dtype == DType.BOOL ? 1 : Integer.MAX_VALUE;
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    long x = tp.getInt32Data(i);
                    if (x < lo || x > hi) {
                        throw error(desc + ": value " + x + " at index " + i + " is out of range for " + dtype);
                    }
                    v[i] = x;
                }
                return Tensor.ofInts(dtype, shape, v);
            }
            case INT64: {
                checkCount(tp.getInt64DataCount(), n, "int64_data", desc);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = tp.getInt64Data(i);
                }
                return Tensor.ofInts(dtype, shape, v);
            }
            case UINT32:
            case UINT64: {
                checkCount(tp.getUint64DataCount(), n, "uint64_data", desc);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    long x = tp.getUint64Data(i);
                    if (dtype == DType.UINT32 && (x >>> 32) != 0) {
                        throw error(desc + ": value " + Long.toUnsignedString(x) + " at index " + i + " is out of range for UINT32");
                    }
                    v[i] = x;
                }
                return Tensor.ofInts(dtype, shape, v);
            }
            case STRING: {
                checkCount(tp.getStringDataCount(), n, "string_data", desc);
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = tp.getStringData(i).toStringUtf8();
                }
                return Tensor.ofStrings(shape, v);
            }
            default:
                throw error(desc + ": unsupported data type");
        }
    }

    private void checkCount(int have, int n, String field, String desc) {
        if (have != n) {
            throw error(desc + ": " + field + " has " + have + " values, expected " + n);
        }
    }

    /**
     * External data: a file named by "location", relative to the model's directory and required to stay
     * inside it (no "..", absolute paths or symlinks leading out), read from "offset" for "length" bytes.
     */
    private ByteBuffer readExternal(OnnxProto.TensorProto tp, DType dtype, int n, String desc) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (OnnxProto.StringStringEntryProto e : tp.getExternalDataList()) {
            switch (e.getKey()) {
                case "location": location = e.getValue(); break;
                case "offset": offset = parseNonNegative(e.getValue(), "offset", desc); break;
                case "length": length = parseNonNegative(e.getValue(), "length", desc); break;
                default: break; // "checksum" and unknown keys are informational
            }
        }
        if (location == null || location.isEmpty()) {
            throw error(desc + ": external data without a location");
        }
        if (baseDir == null) {
            throw error(desc + ": external data '" + location + "' but the model was not loaded from a file");
        }
        long expected = (long) n * dtype.byteWidth();
        if (length >= 0 && length != expected) {
            throw error(desc + ": external data length " + length + " does not match the " + expected + " bytes its shape needs");
        }
        if (expected > Integer.MAX_VALUE - 8) {
            throw error(desc + ": external tensor of " + expected + " bytes is too large");
        }
        Path file;
        try {
            Path dir = baseDir.toAbsolutePath().normalize();
            file = dir.resolve(location).normalize();
            if (!file.startsWith(dir)) {
                throw error(desc + ": external data location '" + location + "' is outside the model directory");
            }
            if (!Files.isRegularFile(file)) {
                throw error(desc + ": external data file '" + location + "' not found");
            }
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw error(desc + ": external data location '" + location + "' links outside the model directory");
            }
        } catch (InvalidPathException e) {
            throw error(desc + ": invalid external data location '" + location + "'");
        } catch (IOException e) {
            throw error(desc + ": cannot resolve external data '" + location + "': " + e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset > size || expected > size - offset) {
                throw error(desc + ": external data file '" + location + "' has " + size + " bytes, needs "
                        + expected + " from offset " + offset);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) expected);
            long pos = offset;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos);
                if (r < 0) {
                    throw error(desc + ": external data file '" + location + "' ended early");
                }
                pos += r;
            }
            buf.flip();
            return buf;
        } catch (IOException e) {
            throw error(desc + ": cannot read external data '" + location + "': " + e.getMessage());
        }
    }

    private long parseNonNegative(String s, String key, String desc) {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0) {
                throw error(desc + ": negative external data " + key + " " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(desc + ": external data " + key + " '" + s + "' is not an integer");
        }
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f; // subnormal: mant * 2^-24
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 0 ? v : -v;
    }

    /** bfloat16 is the upper half of a float32. */
    static float bfloat16ToFloat(int b) {
        return Float.intBitsToFloat(b << 16);
    }
}
