package io.zkml4j.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.zkml4j.cli.CliCommand;
import io.zkml4j.cli.CliException;
import io.zkml4j.cli.Main;
import io.zkml4j.ml.onnx.proto.OnnxProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a synthetic dense network as a user would export it (network.onnx: Gemm layers with Relu between them,
 * weights ~ N(0, 1/fan_in), biases ~ N(0, 0.01), batch 1) with input.json (one input, ezkl's layout) and
 * calibration.json (8 inputs): the networks of the cold command-line benchmark, generated rather than bundled.
 */
@Command(name = "make-dense", mixinStandardHelpOptions = true,
        description = "Write a dense Gemm/Relu network (network.onnx, input.json, calibration.json) to DIR.")
public final class MakeDenseCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "WIDTHS", description = "Layer widths, comma-separated: 256,1536,1536,1024,10 (4.3M parameters).")
    String widths;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory to write (created if missing).")
    Path dir;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    protected int execute() throws Exception {
        int[] w;
        try {
            w = java.util.Arrays.stream(widths.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new CliException("WIDTHS must be comma-separated integers, not '" + widths + "'");
        }
        if (w.length < 2) throw new CliException("WIDTHS needs at least an input and an output width");
        for (int x : w) if (x < 1 || x > (1 << 16)) throw new CliException("width " + x + " out of range 1..65536");
        Random rnd = new Random(seed);
        OnnxProto.GraphProto.Builder g = OnnxProto.GraphProto.newBuilder().setName("dense")
                .addInput(info("input", 1, w[0])).addOutput(info("output", 1, w[w.length - 1]));
        long params = 0;
        String cur = "input";
        for (int l = 0; l + 1 < w.length; l++) {
            int in = w[l], out = w[l + 1];
            float[] weights = new float[in * out], bias = new float[out];
            double sd = 1 / Math.sqrt(in);
            for (int i = 0; i < weights.length; i++) weights[i] = (float) (rnd.nextGaussian() * sd);
            for (int i = 0; i < out; i++) bias[i] = (float) (rnd.nextGaussian() * 0.01);
            params += weights.length + bias.length;
            g.addInitializer(tensor("W" + l, weights, out, in)).addInitializer(tensor("b" + l, bias, out));
            String y = l + 2 == w.length ? "output" : "h" + l;
            g.addNode(OnnxProto.NodeProto.newBuilder().setOpType("Gemm").setName("gemm" + l).addInput(cur).addInput("W" + l).addInput("b" + l).addOutput(y)
                    .addAttribute(OnnxProto.AttributeProto.newBuilder().setName("transB").setType(OnnxProto.AttributeProto.AttributeType.INT).setI(1)));
            if (l + 2 < w.length) {
                g.addNode(OnnxProto.NodeProto.newBuilder().setOpType("Relu").setName("relu" + l).addInput(y).addOutput("r" + l));
                cur = "r" + l;
            }
        }
        OnnxProto.ModelProto m = OnnxProto.ModelProto.newBuilder().setIrVersion(8).setProducerName("zkml4j make-dense")
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
        Files.createDirectories(dir);
        Files.write(dir.resolve("network.onnx"), m.toByteArray());
        List<List<Double>> samples = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            List<Double> x = new ArrayList<>();
            for (int i = 0; i < w[0]; i++) x.add(Math.round(rnd.nextGaussian() * 1e4) / 1e4);
            samples.add(x);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("input_data", List.of(samples.get(0)));
        json.writeValue(dir.resolve("input.json").toFile(), input);
        List<List<List<Double>>> cal = new ArrayList<>();
        for (List<Double> x : samples) cal.add(List.of(x));
        json.writeValue(dir.resolve("calibration.json").toFile(), Map.of("inputs", cal));
        out().printf("%s: %s, %,d parameters%n", dir, widths, params);
        return Main.EXIT_OK;
    }

    private static OnnxProto.ValueInfoProto info(String name, long... dims) {
        OnnxProto.TensorShapeProto.Builder s = OnnxProto.TensorShapeProto.newBuilder();
        for (long d : dims) s.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return OnnxProto.ValueInfoProto.newBuilder().setName(name).setType(OnnxProto.TypeProto.newBuilder()
                .setTensorType(OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static OnnxProto.TensorProto tensor(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        OnnxProto.TensorProto.Builder t = OnnxProto.TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }
}
