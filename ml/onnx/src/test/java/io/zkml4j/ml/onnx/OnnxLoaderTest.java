package io.zkml4j.ml.onnx;

import static io.zkml4j.ml.onnx.Models.floatsLE;
import static io.zkml4j.ml.onnx.Models.model;
import static io.zkml4j.ml.onnx.Models.node;
import static io.zkml4j.ml.onnx.Models.reluGraph;
import static io.zkml4j.ml.onnx.Models.tensor;
import static io.zkml4j.ml.onnx.Models.tensorInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.onnx.proto.OnnxProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.GraphProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.ModelProto;
import io.zkml4j.ml.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxLoaderTest {
    @TempDir
    Path dir;

    private Graph parse(ModelProto m) {
        return OnnxLoader.parse(m.toByteArray(), dir, "test.onnx", 1);
    }

    private String reject(ModelProto m) {
        ModelException e = assertThrows(ModelException.class, () -> parse(m));
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    private static GraphProto.Builder withInit(TensorProto.Builder t) {
        return reluGraph().clearInitializer().addInitializer(t.setName("w"));
    }

    @Test
    void loadsSimpleGraph() {
        Graph g = parse(model(reluGraph()));
        assertEquals(13, g.opset());
        assertEquals(1, g.inputs().size());
        assertArrayEquals(new int[] {1, 3}, g.inputs().get(0).shape());
        assertEquals(DType.FLOAT, g.inputs().get(0).dtype());
        assertArrayEquals(new double[] {1, 2, 3}, g.initializers().get("w").floats());
        assertEquals(List.of("Add", "Relu"), g.nodes().stream().map(Node::opType).toList());
        assertEquals("Add_0", g.nodes().get(0).name());
        assertEquals("node 'Relu_1' (Relu)", g.nodes().get(1).describe());
        assertEquals(3, g.parameterCount());
    }

    @Test
    void batchSizeReplacesSymbolicFirstDimInInputsAndOutputs() {
        Graph g = OnnxLoader.parse(model(reluGraph()).toByteArray(), dir, "t", 5);
        assertArrayEquals(new int[] {5, 3}, g.inputs().get(0).shape());
        assertArrayEquals(new int[] {5, 3}, g.outputs().get(0).shape());
    }

    @Test
    void symbolicNonBatchDimIsRejected() {
        GraphProto.Builder gb = reluGraph().clearInput().addInput(tensorInfo("x", 1, "batch", "features"));
        assertTrue(reject(model(gb)).contains("input 'x' has symbolic dim 'features' at axis 1"));
    }

    @Test
    void initializerListedAsInputIsNotAnInput() {
        GraphProto.Builder gb = reluGraph().addInput(tensorInfo("w", 1, 3));
        assertEquals(List.of("x"), parse(model(gb)).inputs().stream().map(v -> v.name()).toList());
    }

    @Test
    void nodesAreSortedTopologically() {
        GraphProto.Builder gb = reluGraph().clearNode()
                .addNode(node("Relu", new String[] {"s"}, new String[] {"y"}))
                .addNode(node("Add", new String[] {"x", "w"}, new String[] {"s"}));
        Graph g = parse(model(gb));
        assertEquals(List.of("Add", "Relu"), g.nodes().stream().map(Node::opType).toList());
        assertEquals("Relu_0", g.nodes().get(1).name()); // default names use the file's index
    }

    @Test
    void constantNodesStayNodes() {
        GraphProto.Builder gb = reluGraph().clearInitializer()
                .addNode(0, OnnxProto.NodeProto.newBuilder().setOpType("Constant").addOutput("w")
                        .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("value")
                                .setType(OnnxProto.AttributeProto.AttributeType.TENSOR)
                                .setT(tensor("", 1, 3).setRawData(floatsLE(4, 5, 6)))));
        Graph g = parse(model(gb));
        assertTrue(g.initializers().isEmpty());
        Node c = g.nodes().get(0);
        assertEquals("Constant", c.opType());
        assertArrayEquals(new double[] {4, 5, 6}, c.attrTensor("value").floats());
        assertEquals(3, g.parameterCount());
    }

    @Test
    void attributesOfEveryKind() {
        OnnxProto.NodeProto.Builder n = OnnxProto.NodeProto.newBuilder().setOpType("Relu").addInput("s").addOutput("y")
                .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("f").setType(OnnxProto.AttributeProto.AttributeType.FLOAT).setF(1.5f))
                .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("i").setI(7)) // IR 1 style: no type
                .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("s").setType(OnnxProto.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8("NOTSET")))
                .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("ints").setType(OnnxProto.AttributeProto.AttributeType.INTS).addInts(1).addInts(-2))
                .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("floats").setType(OnnxProto.AttributeProto.AttributeType.FLOATS).addFloats(0.5f));
        GraphProto.Builder gb = reluGraph().setNode(1, n);
        Node r = parse(model(gb)).nodes().get(1);
        assertEquals(1.5f, r.attrFloat("f", 0));
        assertEquals(7, r.attrInt("i", 0));
        assertEquals("NOTSET", r.attrString("s", ""));
        assertArrayEquals(new long[] {1, -2}, r.attrInts("ints", null));
        assertArrayEquals(new float[] {0.5f}, r.attrFloats("floats", null));
        assertEquals(42, r.attrInt("missing", 42));
        assertEquals(Attribute.Kind.INTS, r.attributes().get("ints").kind());
        ModelException e = assertThrows(ModelException.class, () -> r.attrInt("f", 0));
        assertTrue(e.getMessage().contains("attribute 'f' is FLOAT, expected INT"));
    }

    @Test
    void typedStorageForms() {
        // int8, uint8, int16, bool in int32_data
        assertArrayEquals(new long[] {-128, 5, 127}, parse(model(withInit(tensor("w", 3, 3).addInt32Data(-128).addInt32Data(5).addInt32Data(127))))
                .initializers().get("w").ints());
        assertArrayEquals(new long[] {0, 255, 1}, parse(model(withInit(tensor("w", 2, 3).addInt32Data(0).addInt32Data(255).addInt32Data(1))))
                .initializers().get("w").ints());
        assertArrayEquals(new long[] {-300, 0, 300}, parse(model(withInit(tensor("w", 5, 3).addInt32Data(-300).addInt32Data(0).addInt32Data(300))))
                .initializers().get("w").ints());
        assertArrayEquals(new long[] {1, 0, 1}, parse(model(withInit(tensor("w", 9, 3).addInt32Data(1).addInt32Data(0).addInt32Data(1))))
                .initializers().get("w").ints());
        // float16 bit patterns in int32_data: 1.0 = 0x3c00, -2.0 = 0xc000, 65504 = 0x7bff
        assertArrayEquals(new double[] {1.0, -2.0, 65504.0}, parse(model(withInit(tensor("w", 10, 3).addInt32Data(0x3c00).addInt32Data(0xc000).addInt32Data(0x7bff))))
                .initializers().get("w").floats());
        // float, double, int64, uint64, int32
        assertArrayEquals(new double[] {1.5, 2, 3}, parse(model(withInit(tensor("w", 1, 3).addFloatData(1.5f).addFloatData(2).addFloatData(3))))
                .initializers().get("w").floats());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, parse(model(withInit(tensor("w", 11, 3).addDoubleData(0.1).addDoubleData(0.2).addDoubleData(0.3))))
                .initializers().get("w").floats());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, 9}, parse(model(withInit(tensor("w", 7, 3).addInt64Data(Long.MIN_VALUE).addInt64Data(0).addInt64Data(9))))
                .initializers().get("w").ints());
        assertArrayEquals(new long[] {4294967295L, 0, 2}, parse(model(withInit(tensor("w", 12, 3).addUint64Data(4294967295L).addUint64Data(0).addUint64Data(2))))
                .initializers().get("w").ints());
        assertArrayEquals(new long[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}, parse(model(withInit(tensor("w", 6, 3)
                .addInt32Data(Integer.MIN_VALUE).addInt32Data(0).addInt32Data(Integer.MAX_VALUE)))).initializers().get("w").ints());
    }

    @Test
    void rawStorageIsLittleEndian() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(-1).putLong(1L << 40).putLong(3);
        Tensor t = parse(model(withInit(tensor("w", 7, 3).setRawData(ByteString.copyFrom(b.array()))))).initializers().get("w");
        assertArrayEquals(new long[] {-1, 1L << 40, 3}, t.ints());
        // int8 / uint8 / bool / int16 / float16 / bfloat16 / double raw
        byte[] bytes = {(byte) 0xff, 2, (byte) 0x80};
        assertArrayEquals(new long[] {-1, 2, -128}, parse(model(withInit(tensor("w", 3, 3).setRawData(ByteString.copyFrom(bytes))))).initializers().get("w").ints());
        assertArrayEquals(new long[] {255, 2, 128}, parse(model(withInit(tensor("w", 2, 3).setRawData(ByteString.copyFrom(bytes))))).initializers().get("w").ints());
        assertArrayEquals(new long[] {1, 1, 1}, parse(model(withInit(tensor("w", 9, 3).setRawData(ByteString.copyFrom(bytes))))).initializers().get("w").ints());
        byte[] halves = {0x00, 0x3c, 0x00, (byte) 0xc0, 0x01, 0x00}; // 1.0, -2.0, smallest subnormal 2^-24
        assertArrayEquals(new double[] {1.0, -2.0, Math.scalb(1.0, -24)}, parse(model(withInit(tensor("w", 10, 3).setRawData(ByteString.copyFrom(halves)))))
                .initializers().get("w").floats());
        byte[] bf = {(byte) 0x80, 0x3f, 0x00, (byte) 0xc0, 0x00, 0x00}; // 1.0, -2.0, 0
        assertArrayEquals(new double[] {1.0, -2.0, 0.0}, parse(model(withInit(tensor("w", 16, 3).setRawData(ByteString.copyFrom(bf)))))
                .initializers().get("w").floats());
        ByteBuffer d = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-0.5).putDouble(1e300);
        assertArrayEquals(new double[] {0.1, -0.5, 1e300}, parse(model(withInit(tensor("w", 11, 3).setRawData(ByteString.copyFrom(d.array())))))
                .initializers().get("w").floats());
    }

    @Test
    void halfPrecisionSpecials() {
        assertEquals(Float.POSITIVE_INFINITY, OnnxLoader.halfToFloat(0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, OnnxLoader.halfToFloat(0xfc00));
        assertTrue(Float.isNaN(OnnxLoader.halfToFloat(0x7e00)));
        assertEquals(0x1p-14f, OnnxLoader.halfToFloat(0x0400));
        assertEquals(-0.0f, OnnxLoader.halfToFloat(0x8000));
        assertEquals(0.333251953125f, OnnxLoader.halfToFloat(0x3555));
    }

    @Test
    void externalDataInsideModelDirectory() throws Exception {
        byte[] file = new byte[100];
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).position(16).putFloat(7).putFloat(8).putFloat(9);
        Files.write(dir.resolve("weights.bin"), file);
        TensorProto.Builder t = tensor("w", 1, 3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(kv("location", "weights.bin")).addExternalData(kv("offset", "16")).addExternalData(kv("length", "12"));
        Path model = dir.resolve("m.onnx");
        Files.write(model, model(withInit(t)).toByteArray());
        assertArrayEquals(new double[] {7, 8, 9}, OnnxLoader.load(model).initializers().get("w").floats());
    }

    @Test
    void externalDataProblemsAreRejected() throws Exception {
        Files.write(dir.resolve("weights.bin"), new byte[12]);
        Files.createDirectories(dir.resolve("sub"));
        Path model = dir.resolve("sub/m.onnx");
        String[][] cases = {
            {"../weights.bin", "0", "12", "outside the model directory"},
            {"/etc/passwd", "0", "12", "outside the model directory"},
            {"missing.bin", "0", "12", "not found"},
        };
        for (String[] c : cases) {
            TensorProto.Builder t = tensor("w", 1, 3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(kv("location", c[0])).addExternalData(kv("offset", c[1])).addExternalData(kv("length", c[2]));
            Files.write(model, model(withInit(t)).toByteArray());
            ModelException e = assertThrows(ModelException.class, () -> OnnxLoader.load(model));
            assertTrue(e.getMessage().contains(c[3]), e.getMessage());
        }
        Files.write(dir.resolve("sub/w.bin"), new byte[12]);
        String[][] bad = {{"4", "12", "has 12 bytes, needs 12 from offset 4"}, {"0", "8", "length 8 does not match"},
            {"x", "12", "offset 'x' is not an integer"}, {"-1", "12", "negative"}};
        for (String[] c : bad) {
            TensorProto.Builder t = tensor("w", 1, 3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(kv("location", "w.bin")).addExternalData(kv("offset", c[0])).addExternalData(kv("length", c[1]));
            Files.write(model, model(withInit(t)).toByteArray());
            ModelException e = assertThrows(ModelException.class, () -> OnnxLoader.load(model));
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    private static OnnxProto.StringStringEntryProto kv(String k, String v) {
        return OnnxProto.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    @Test
    void missingFileAndDirectory() {
        ModelException e = assertThrows(ModelException.class, () -> OnnxLoader.load(dir.resolve("nope.onnx")));
        assertTrue(e.getMessage().startsWith("model file not found"));
        e = assertThrows(ModelException.class, () -> OnnxLoader.load(dir));
        assertTrue(e.getMessage().contains("is a directory"));
    }

    @Test
    void truncatedAndGarbageFiles() throws Exception {
        byte[] good = model(reluGraph()).toByteArray();
        for (int cut : new int[] {1, 5, good.length / 2, good.length - 1}) {
            byte[] t = Arrays.copyOf(good, cut);
            ModelException e = assertThrows(ModelException.class, () -> OnnxLoader.parse(t, dir, "t.onnx", 1));
            assertTrue(e.getMessage().startsWith("t.onnx: "), e.getMessage());
        }
        Path txt = dir.resolve("text.onnx");
        Files.writeString(txt, "this is not a model\n");
        assertThrows(ModelException.class, () -> OnnxLoader.load(txt));
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(ModelException.class, () -> OnnxLoader.load(empty)).getMessage().contains("no graph"));
    }

    @Test
    void structuralErrors() {
        assertTrue(reject(ModelProto.newBuilder().setIrVersion(8).build()).contains("model has no graph"));
        assertTrue(reject(model(reluGraph(), 22)).contains("opset 22 is not supported"));
        assertTrue(reject(model(reluGraph(), 6)).contains("opset 6 is not supported"));
        assertTrue(reject(ModelProto.newBuilder().setIrVersion(8).setGraph(reluGraph()).build()).contains("no opset import"));

        GraphProto.Builder dangling = reluGraph().setNode(1, node("Relu", new String[] {"nothere"}, new String[] {"y"}));
        assertTrue(reject(model(dangling)).contains("node 'Relu_1' (Relu) reads 'nothere'"));

        GraphProto.Builder cycle = reluGraph().clearNode()
                .addNode(node("Add", new String[] {"x", "y"}, new String[] {"s"}))
                .addNode(node("Relu", new String[] {"s"}, new String[] {"y"}));
        assertTrue(reject(model(cycle)).contains("cycle through node 'Add_0'"));

        GraphProto.Builder twice = reluGraph().addNode(node("Relu", new String[] {"x"}, new String[] {"s"}));
        assertTrue(reject(model(twice)).contains("value 's' is produced more than once"));

        GraphProto.Builder noOut = reluGraph().clearOutput().addOutput(tensorInfo("zz", 1, 1));
        assertTrue(reject(model(noOut)).contains("graph output 'zz' is not produced"));

        GraphProto.Builder complexInit = withInit(tensor("w", 14, 3).setRawData(ByteString.copyFrom(new byte[24])));
        assertTrue(reject(model(complexInit)).contains("unsupported ONNX data type 14 (COMPLEX64)"));

        GraphProto.Builder badInput = reluGraph().clearInput().addInput(tensorInfo("x", 21, 1, 3));
        assertTrue(reject(model(badInput)).contains("input 'x': unsupported ONNX data type 21 (UINT4)"));
    }

    @Test
    void tensorDataErrors() {
        assertTrue(reject(model(withInit(tensor("w", 1, 3).setRawData(floatsLE(1, 2))))).contains("raw data has 8 bytes, expected 12"));
        assertTrue(reject(model(withInit(tensor("w", 1, 3).addFloatData(1)))).contains("float_data has 1 values, expected 3"));
        assertTrue(reject(model(withInit(tensor("w", 1, 3)))).contains("float_data has 0 values, expected 3"));
        assertTrue(reject(model(withInit(tensor("w", 3, 1).addInt32Data(200)))).contains("out of range for INT8"));
        assertTrue(reject(model(withInit(tensor("w", 1, 1L << 20, 1L << 20).setRawData(floatsLE(1))))).contains("exceeds"));
        assertTrue(reject(model(withInit(tensor("w", 1, Long.MAX_VALUE).setRawData(floatsLE(1))))).contains("invalid dim"));
        assertTrue(reject(model(withInit(tensor("w", 1, -3).setRawData(floatsLE(1))))).contains("invalid dim -3"));
        // overflow of the product is caught before it wraps
        assertTrue(reject(model(withInit(tensor("w", 1, 65536, 65536, 65536, 65536).setRawData(floatsLE(1))))).contains("exceeds"));
    }

    @Test
    void subgraphReadsOuterValues() {
        GraphProto.Builder thenBranch = GraphProto.newBuilder().setName("then")
                .addOutput(tensorInfo("t_out", 1, 1, 3))
                .addNode(node("Relu", new String[] {"s"}, new String[] {"t_out"}));
        GraphProto.Builder elseBranch = GraphProto.newBuilder().setName("else")
                .addOutput(tensorInfo("w", 1, 3)); // an outer initializer as output
        GraphProto.Builder gb = GraphProto.newBuilder().setName("g")
                .addInput(tensorInfo("x", 1, 1, 3)).addInput(tensorInfo("c", 9))
                .addOutput(tensorInfo("y", 1, 1, 3))
                .addInitializer(tensor("w", 1, 3).setRawData(floatsLE(1, 2, 3)))
                .addNode(OnnxProto.NodeProto.newBuilder().setOpType("If").addInput("c").addOutput("y")
                        .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("then_branch").setType(OnnxProto.AttributeProto.AttributeType.GRAPH).setG(thenBranch))
                        .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("else_branch").setType(OnnxProto.AttributeProto.AttributeType.GRAPH).setG(elseBranch)))
                .addNode(node("Add", new String[] {"x", "w"}, new String[] {"s"})); // If reads s: must be sorted after Add
        Graph g = parse(model(gb));
        assertEquals(List.of("Add", "If"), g.nodes().stream().map(Node::opType).toList());
        assertNotNull(g.nodes().get(1).attrGraph("then_branch"));

        thenBranch.setNode(0, node("Relu", new String[] {"ghost"}, new String[] {"t_out"}));
        gb.getNodeBuilder(0).getAttributeBuilder(0).setG(thenBranch);
        assertTrue(reject(model(gb)).contains("reads 'ghost'"));
    }

    @Test
    void onlyTensorInputsAndOutputs() {
        OnnxProto.ValueInfoProto seq = OnnxProto.ValueInfoProto.newBuilder().setName("y").setType(OnnxProto.TypeProto.newBuilder()
                .setSequenceType(OnnxProto.TypeProto.Sequence.newBuilder())).build();
        GraphProto.Builder gb = reluGraph().clearOutput().addOutput(seq);
        assertTrue(reject(model(gb)).contains("output 'y' is a sequence"));
    }
}
