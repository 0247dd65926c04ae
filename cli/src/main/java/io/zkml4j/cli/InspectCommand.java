package io.zkml4j.cli;

import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.OpRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a model's inputs, outputs, operators, parameter count and the nodes the compiler cannot handle. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show an ONNX model's inputs, outputs, operators and unsupported nodes.")
public final class InspectCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model.")
    Path model;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size for a symbolic first input dimension (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Override
    protected int execute() {
        if (batch < 1) throw new CliException("--batch must be at least 1, got " + batch);
        Graph g = ModelFiles.loadOnnx(model, batch);
        PrintWriter out = out();
        out.println("model: " + model + " (opset " + g.opset() + extraOpsets(g) + ")");
        out.println("inputs:");
        for (ValueInfo v : g.inputs()) {
            out.println("  " + describe(v));
        }
        out.println("outputs:");
        for (ValueInfo v : g.outputs()) {
            out.println("  " + describe(v));
        }
        Map<String, Integer> counts = g.operatorCounts();
        out.println("operators: " + g.nodes().size() + " nodes, " + counts.size() + " types");
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String mark = OpRegistry.isSupported(e.getKey()) ? "" : "  (unsupported)";
            out.println("  " + pad(e.getKey(), width) + " " + e.getValue() + mark);
        }
        out.println("parameters: " + g.parameterCount());
        List<Node> unsupported = g.nodes().stream().filter(n -> !OpRegistry.isSupported(n)).toList();
        if (unsupported.isEmpty()) {
            out.println("unsupported nodes: none");
        } else {
            out.println("unsupported nodes: " + unsupported.size());
            for (Node n : unsupported) {
                out.println("  " + n.describe());
            }
        }
        return Main.EXIT_OK;
    }

    private static String extraOpsets(Graph g) {
        StringBuilder sb = new StringBuilder();
        g.opsetImports().forEach((d, v) -> {
            if (!d.isEmpty()) {
                sb.append(", ").append(d).append(' ').append(v);
            }
        });
        return sb.toString();
    }

    private static String describe(ValueInfo v) {
        return v.name() + "  " + (v.dtype() == null ? "?" : v.dtype()) + " "
                + (v.shape() == null ? "[?]" : Arrays.toString(v.shape()).replace("-1", "?"));
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
