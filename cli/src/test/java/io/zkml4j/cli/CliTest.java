package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.InputData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.zkml4j.ml.onnx.proto.OnnxProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    /** As the launcher runs it ({@link Main#run}): setup, prove and verify read directly when they can be, else picocli. */
    static Result run(String... args) {
        CliCommand direct = DirectArgs.parse(args, Main.DIRECT);
        if (direct != null) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = direct.run(new PrintWriter(out), new PrintWriter(err));
            return new Result(code, out.toString(), err.toString());
        }
        return runPicocli(args);
    }

    /** Through picocli's model of every command. */
    static Result runPicocli(String... args) {
        CommandLine cl = Main.withSubcommands(new CommandLine(new Main()), Main.SUBCOMMANDS, null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A failure: non-zero exit and exactly one clean line on stderr containing {@code expected}. */
    static String fails(String expected, String... args) {
        Result r = run(args);
        assertTrue(r.code != 0, "exit code for " + Arrays.toString(args));
        String err = r.err.strip();
        assertEquals(1, err.lines().count(), "one stderr line, got: " + r.err);
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("at io."), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        return err;
    }

    // ------------------------------------------------------------------------------- tiny models

    private static OnnxProto.ValueInfoProto info(String name, long... dims) {
        OnnxProto.TensorShapeProto.Builder s = OnnxProto.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxProto.ValueInfoProto.newBuilder().setName(name).setType(OnnxProto.TypeProto.newBuilder()
                .setTensorType(OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    /** y = op(x + w), x: float[1, 4]. */
    private Path tinyModel(String op) throws Exception {
        return tinyModel(dir, op, 1, 4);
    }

    /** y = op(x + w), x: float[1, 4], y of the given dimensions, written to DIR/op.onnx. */
    static Path tinyModel(Path dir, String op, long... yDims) throws Exception {
        return tinyModel(dir, op, null, yDims);
    }

    /** y = op(x + w), x: float[1, 4], with one string attribute on the node (name=value; null: none). */
    static Path tinyModel(Path dir, String op, String attribute, long... yDims) throws Exception {
        ByteBuffer w = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-1f).putFloat(2f).putFloat(-3f);
        OnnxProto.GraphProto g = OnnxProto.GraphProto.newBuilder().setName("tiny")
                .addInput(info("x", 1, 4)).addOutput(info("y", yDims))
                .addInitializer(OnnxProto.TensorProto.newBuilder().setName("w").setDataType(1).addDims(4).setRawData(ByteString.copyFrom(w.array())))
                .addNode(OnnxProto.NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("w").addOutput("s"))
                .addNode(node(op, attribute))
                .build();
        OnnxProto.ModelProto m = OnnxProto.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
        Path p = dir.resolve(op + ".onnx");
        Files.write(p, m.toByteArray());
        return p;
    }

    private static OnnxProto.NodeProto node(String op, String attribute) {
        OnnxProto.NodeProto.Builder n = OnnxProto.NodeProto.newBuilder().setOpType(op).setName("the_node").addInput("s").addOutput("y");
        if (attribute != null) {
            String[] kv = attribute.split("=", 2);
            n.addAttribute(OnnxProto.AttributeProto.newBuilder().setName(kv[0]).setType(OnnxProto.AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(kv[1])));
        }
        return n.build();
    }

    /** y = Relu(x), x: float[N, 4] with a symbolic batch dimension N. */
    private Path batchedReluModel() throws Exception {
        OnnxProto.TensorShapeProto.Builder shape = OnnxProto.TensorShapeProto.newBuilder()
                .addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(4));
        OnnxProto.TypeProto type = OnnxProto.TypeProto.newBuilder()
                .setTensorType(OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)).build();
        OnnxProto.GraphProto g = OnnxProto.GraphProto.newBuilder().setName("batched")
                .addInput(OnnxProto.ValueInfoProto.newBuilder().setName("x").setType(type))
                .addOutput(OnnxProto.ValueInfoProto.newBuilder().setName("y").setType(type))
                .addNode(OnnxProto.NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("x").addOutput("y"))
                .build();
        OnnxProto.ModelProto m = OnnxProto.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
        Path p = dir.resolve("batched.onnx");
        Files.write(p, m.toByteArray());
        return p;
    }

    private Path json(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    // ------------------------------------------------------------------------------------ tests

    @Test
    void runOnnxCompilesOnTheFlyAndPrintsOutputs() throws Exception {
        Path model = tinyModel("Relu");
        Path in = json("in.json", "{\"input_data\": [[1.0, 2.0, -4.0, 4.0]]}");
        Result r = run("run", model.toString(), "--input", in.toString());
        assertEquals(0, r.code, r.err);
        JsonNode out = InputData.JSON.readTree(r.out).get("output_data");
        assertEquals(1, out.size());
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = out.get(0).get(i).asDouble();
        }
        assertArrayEquals(new double[] {1.5, 1.0, 0.0, 1.0}, y, 1e-3);
    }

    @Test
    void batchSizeIsSettable() throws Exception {
        Path model = batchedReluModel();
        Path in = json("b2.json", "{\"input_data\": [[1.0, -2.0, 3.0, -4.0, 0.5, -0.5, 2.0, 0.0]]}");
        Result r = run("run", model.toString(), "--input", in.toString(), "--batch", "2");
        assertEquals(0, r.code, r.err);
        JsonNode y = InputData.JSON.readTree(r.out).get("output_data").get(0);
        assertEquals(8, y.size());
        assertEquals(3.0, y.get(2).asDouble(), 1e-3);
        assertEquals(0.0, y.get(3).asDouble(), 1e-3);
        assertTrue(run("inspect", model.toString(), "--batch", "5").out.contains("[5, 4]"));
        fails("expected 4", "run", model.toString(), "--input", in.toString()); // default batch 1
        fails("--batch must be at least 1", "run", model.toString(), "--input", in.toString(), "--batch", "0");
    }

    @Test
    void compileThenRunZkm() throws Exception {
        Path model = tinyModel("Relu");
        Path cal = json("cal.json", "{\"inputs\": [[1, 2, -4, 4], [0, 0, 0, 0], [-1, 3, 1, 2]]}");
        Path zkm = dir.resolve("m.zkm");
        Result c = run("compile", model.toString(), "--calibration", cal.toString(), "-o", zkm.toString());
        assertEquals(0, c.code, c.err);
        assertTrue(c.out.contains("3 sample(s)"), c.out);
        assertTrue(Files.size(zkm) > 0);
        Path in = json("in.json", "{\"input_data\": [[1.0, 2.0, -4.0, 4.0]]}");
        Path outFile = dir.resolve("out.json");
        Result r = run("run", zkm.toString(), "--input", in.toString(), "-o", outFile.toString());
        assertEquals(0, r.code, r.err);
        assertEquals(4, InputData.JSON.readTree(outFile.toFile()).get("output_data").get(0).size());
    }

    @Test
    void inspectListsUnsupportedNodes() throws Exception {
        Result r = run("inspect", tinyModel("FrobnicateOp").toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("node 'the_node' (FrobnicateOp)"), r.out);
        assertTrue(r.out.contains("x  FLOAT [1, 4]"), r.out);
        assertTrue(r.out.contains("parameters: 4"), r.out);
    }

    @Test
    void unsupportedOperatorIsRejectedByCompileAndRun() throws Exception {
        Path model = tinyModel("FrobnicateOp");
        Path in = json("in.json", "{\"input_data\": [[1, 2, 3, 4]]}");
        fails("FrobnicateOp", "compile", model.toString(), "--calibration", in.toString(), "-o", dir.resolve("x.zkm").toString());
        fails("FrobnicateOp", "run", model.toString(), "--input", in.toString());
    }

    @Test
    void corruptAndTruncatedModels() throws Exception {
        Path good = tinyModel("Relu");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "definitely { not ] a protobuf \u00ff\u00fe");
        fails("truncated.onnx", "inspect", truncated.toString());
        fails("garbage.onnx", "inspect", garbage.toString());
        Path in = json("in.json", "{\"input_data\": [[1, 2, 3, 4]]}");
        fails("truncated.onnx", "run", truncated.toString(), "--input", in.toString());
        fails("not found", "inspect", dir.resolve("missing.onnx").toString());
        fails("not a valid .zkm", "run", in.toString(), "--input", in.toString()); // JSON but not a .zkm
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        String model = tinyModel("Relu").toString();
        fails("input 'x' has 3 values, expected 4 (shape [1, 4])", "run", model, "--input",
                json("short.json", "{\"input_data\": [[1, 2, 3]]}").toString());
        fails("value 2 is NaN", "run", model, "--input", json("nan.json", "{\"input_data\": [[1, 2, NaN, 4]]}").toString());
        fails("is infinite", "run", model, "--input", json("inf.json", "{\"input_data\": [[1, 2, Infinity, 4]]}").toString());
        fails("is infinite", "run", model, "--input", json("big.json", "{\"input_data\": [[1, 2, 1e400, 4]]}").toString());
        fails("too large", "run", model, "--input", json("huge.json", "{\"input_data\": [[1, 2, 1e30, 4]]}").toString());
        fails("not a number: \"abc\"", "run", model, "--input", json("str.json", "{\"input_data\": [[1, 2, \"abc\", 4]]}").toString());
        fails("malformed JSON", "run", model, "--input", json("bad.json", "{\"input_data\": [[1, 2,").toString());
        fails("malformed JSON", "run", model, "--input", json("trail.json", "{\"input_data\": [[1, 2, 3, 4]]} xyz").toString());
        fails("missing key \"input_data\"", "run", model, "--input", json("nokey.json", "{\"data\": [[1, 2, 3, 4]]}").toString());
        fails("has 2 list(s), the model has 1 input(s) [x]", "run", model, "--input",
                json("two.json", "{\"input_data\": [[1, 2, 3, 4], [1]]}").toString());
        fails("not found", "run", model, "--input", dir.resolve("nope.json").toString());
        fails("empty", "run", model, "--input", json("empty.json", "").toString());
    }

    @Test
    void inputFarOutsideCalibratedRangeIsRejected() throws Exception {
        String model = tinyModel("Relu").toString();
        Path cal = json("cal.json", "{\"input_data\": [[1, 2, 3, 4]]}");
        Path zkm = dir.resolve("m.zkm");
        assertEquals(0, run("compile", model, "--calibration", cal.toString(), "-o", zkm.toString()).code);
        fails("input 'x'", "run", zkm.toString(), "--input", json("far.json", "{\"input_data\": [[1, 2, 3, 1e11]]}").toString());
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result r = runConfigured("run");
        assertEquals(2, r.code);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("Missing required"), r.err);
        assertEquals(2, runConfigured("frobnicate").code);
        assertEquals(2, runConfigured("compile", "m.onnx", "--act-bits").code);
        assertEquals(2, runConfigured().code);
    }

    @Test
    void badOptionValueIsOneLine() throws Exception {
        String model = tinyModel("Relu").toString();
        fails("activation bits 99", "compile", model, "--act-bits", "99", "-o", dir.resolve("m.zkm").toString(),
                "--calibration", json("c.json", "{\"input_data\": [[1, 2, 3, 4]]}").toString());
    }

    @Test
    void compileWithoutCalibrationDataNamesTheOption() throws Exception {
        fails("--calibration", "compile", tinyModel("Relu").toString(), "-o", dir.resolve("m.zkm").toString());
    }

    private static Result runConfigured(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
