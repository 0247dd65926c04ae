package io.zkml4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.ProofCheck;

import java.util.HexFormat;
import java.util.List;

/**
 * One model the service proves: its proving key, loaded once and shared by every job (the prover only reads the key:
 * its commitment data is read with absolute, position-free reads and its caches are concurrent maps; ServiceTest
 * proves concurrently on one key and gets the sequential proof's bytes), and its public description.
 */
final class ServedModel {
    final String name;
    final ProvingKey pk;
    final VerifyingKey vk;
    final byte[] vkBytes;
    final String digest;
    final List<String> inputNames;
    final List<int[]> inputShapes;

    ServedModel(String name, ProvingKey pk) {
        this.name = name;
        this.pk = pk;
        this.vk = pk.verifyingKey();
        this.vkBytes = vk.toBytes();
        this.digest = HexFormat.of().formatHex(vk.digest());
        this.inputNames = ProofCheck.inputNames(vk);
        this.inputShapes = ProofCheck.inputShapes(vk);
    }

    /** {name, digest, inputs: [{name, shape, scale}], outputs: [...], visibility: {input, output, params}}. */
    ObjectNode describe() {
        ObjectNode m = InputData.JSON.createObjectNode();
        m.put("name", name);
        m.put("digest", digest);
        ios(m.putArray("inputs"), vk.inputs());
        ios(m.putArray("outputs"), vk.outputs());
        ObjectNode v = m.putObject("visibility");
        v.put("input", vk.visibility().inputPublic() ? "public" : "private");
        v.put("output", vk.visibility().outputPublic() ? "public" : "private");
        v.put("params", vk.visibility().paramsPublic() ? "public" : "private");
        m.put("verifyingKeyBytes", vkBytes.length);
        return m;
    }

    private static void ios(ArrayNode out, List<VerifyingKey.Io> ios) {
        for (VerifyingKey.Io io : ios) {
            ObjectNode o = out.addObject();
            o.put("name", io.name());
            ArrayNode shape = o.putArray("shape");
            for (int d : io.shape()) shape.add(d);
            o.put("scale", io.scale());
        }
    }
}
