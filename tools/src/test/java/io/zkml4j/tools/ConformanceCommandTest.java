package io.zkml4j.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCommandTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        CommandLine cl = ToolsMain.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void badFoldersAreReportedNotFatal() throws Exception {
        Path shared = Paths.get(System.getProperty("zkml4j.shared", "/nonexistent"));
        Path good = shared.resolve("ezkl-examples/1l_relu");
        assumeTrue(Files.isDirectory(good), "shared corpus not present");
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus.resolve("a_good"));
        Files.copy(good.resolve("network.onnx"), corpus.resolve("a_good/network.onnx"));
        Files.copy(good.resolve("input.json"), corpus.resolve("a_good/input.json"));
        Files.createDirectories(corpus.resolve("b_garbage"));
        Files.writeString(corpus.resolve("b_garbage/network.onnx"), "garbage");
        Files.createDirectories(corpus.resolve("c_no_input"));
        Files.copy(good.resolve("network.onnx"), corpus.resolve("c_no_input/network.onnx"));
        Files.createDirectories(corpus.resolve("d_bad_json"));
        Files.copy(good.resolve("network.onnx"), corpus.resolve("d_bad_json/network.onnx"));
        Files.writeString(corpus.resolve("d_bad_json/input.json"), "{\"input_data\": [[1, NaN, 2]]}");
        Path md = dir.resolve("c.md");
        String[] r = run("conformance", corpus.toString(), "--markdown", md.toString());
        assertEquals("1", r[0], r[1] + r[2]); // not every folder is ok
        assertTrue(r[1].matches("(?s).*a_good .* ok .*"), r[1]);
        assertTrue(r[1].matches("(?s).*b_garbage .* load error .*"), r[1]);
        assertTrue(r[1].matches("(?s).*c_no_input .* no input .*"), r[1]);
        assertTrue(r[1].matches("(?s).*d_bad_json .* no input .*"), r[1]);
        assertTrue(r[1].contains("4 folders: 3 supported"), r[1]);
        String markdown = Files.readString(md);
        assertTrue(markdown.contains("| a_good | 1 | yes | ORT |"), markdown);
    }

    @Test
    void sharedModelsMeetTheTargets() {
        Path models = Paths.get(System.getProperty("zkml4j.shared", "/nonexistent")).resolve("models");
        assumeTrue(Files.isDirectory(models), "shared corpus not present");
        String[] r = run("conformance", models.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("32/32"), r[1]);
    }

    @Test
    void missingDirectoryIsOneLineError() {
        String[] r = run("conformance", dir.resolve("nope").toString());
        assertEquals("1", r[0]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].startsWith("error: not a directory"), r[2]);
    }
}
