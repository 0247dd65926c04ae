package io.zkml4j.ml.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared model corpus (../shared, path from the zkml4j.shared system property set by the parent pom). */
final class Corpus {
    private Corpus() {
    }

    static Path shared() {
        String p = System.getProperty("zkml4j.shared");
        if (p == null) {
            return null;
        }
        Path dir = Paths.get(p);
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Every network.onnx under shared/models and shared/ezkl-examples (empty if the corpus is absent). */
    static List<Path> models() throws IOException {
        List<Path> out = new ArrayList<>();
        Path shared = shared();
        if (shared == null) {
            return out;
        }
        for (String sub : new String[] {"models", "ezkl-examples"}) {
            Path dir = shared.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.sorted().map(d -> d.resolve("network.onnx")).filter(Files::isRegularFile).forEach(out::add);
            }
        }
        return out;
    }
}
