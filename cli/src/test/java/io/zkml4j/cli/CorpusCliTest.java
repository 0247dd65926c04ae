package io.zkml4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** inspect works on every model of the shared corpus (the loader's and the CLI's view agree). */
class CorpusCliTest {
    @Test
    void inspectEveryCorpusModel() throws Exception {
        String p = System.getProperty("zkml4j.shared");
        assumeTrue(p != null && Files.isDirectory(Paths.get(p)), "shared corpus not present");
        int n = 0;
        for (String sub : new String[] {"models", "ezkl-examples"}) {
            try (var dirs = Files.list(Paths.get(p, sub))) {
                for (Path d : dirs.sorted().toList()) {
                    Path m = d.resolve("network.onnx");
                    if (Files.isRegularFile(m)) {
                        CliTest.Result r = CliTest.run("inspect", m.toString());
                        assertEquals(0, r.code(), d + ": " + r.err());
                        n++;
                    }
                }
            }
        }
        assumeTrue(n > 0);
    }
}
