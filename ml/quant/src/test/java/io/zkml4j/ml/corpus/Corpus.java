package io.zkml4j.ml.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.ml.ir.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Access to the shared corpus (system property zkml4j.shared, default ../shared). */
final class Corpus {
    private Corpus() {}

    static final ObjectMapper JSON = new ObjectMapper();

    static Path shared() {
        return Path.of(System.getProperty("zkml4j.shared", "../shared"));
    }

    static JsonNode read(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new ModelException("cannot read " + p + ": " + e.getMessage());
        }
    }

    /** A list of flat double vectors from a JSON array of (nested) arrays. */
    static List<double[]> vectors(JsonNode arr) {
        List<double[]> r = new ArrayList<>();
        for (JsonNode v : arr) r.add(flat(v));
        return r;
    }

    static double[] flat(JsonNode v) {
        List<Double> out = new ArrayList<>();
        collect(v, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) d[i] = out.get(i);
        return d;
    }

    private static void collect(JsonNode v, List<Double> out) {
        if (v.isArray()) for (JsonNode c : v) collect(c, out);
        else if (v.isBoolean()) out.add(v.asBoolean() ? 1.0 : 0.0);
        else out.add(v.asDouble());
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
