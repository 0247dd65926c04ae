package io.zkml4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Regression corpus of small generated models (tools/src/test/python/gen_models_*.py): operator semantics that the
 * ezkl examples do not exercise (opset differences, attribute-vs-input forms, pooling edge cases, Einsum, CumSum,
 * TF-style layouts). Every model must be supported and within 1% of ONNX Runtime.
 */
class GeneratedModelsConformanceTest {
    @Test
    void everyGeneratedModelMatchesOnnxRuntime() throws Exception {
        Path corpus = Path.of("src/test/resources/generated-models");
        long folders;
        try (var s = Files.list(corpus)) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("network.onnx"))).count();
        }
        CommandLine cl = ToolsMain.newCommandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("conformance", corpus.toString());
        assertEquals(0, code, out + "\n" + err);
        Matcher m = Pattern.compile("(\\d+) folders: (\\d+) supported .*, (\\d+) measured, (\\d+) within .*against ONNX Runtime: (\\d+) of (\\d+)")
                .matcher(out.toString());
        assertTrue(m.find(), out.toString());
        assertTrue(folders >= 50, "generated corpus shrank: " + folders);
        for (int g = 1; g <= 4; g++) assertEquals(folders, Long.parseLong(m.group(g)), "group " + g + ": " + m.group());
        assertEquals(folders, Long.parseLong(m.group(5)), m.group());
        assertEquals(folders, Long.parseLong(m.group(6)), m.group());
    }
}
