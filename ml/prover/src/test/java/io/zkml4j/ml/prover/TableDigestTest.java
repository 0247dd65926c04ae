package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.quant.TableRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifying key carries each table rule's digest (its entries as setup computed them from doubles); a verifier
 * that computes another table, as a platform with another exp would, refuses the key naming the table. Here the
 * platform is played by changing the key's digest instead.
 */
class TableDigestTest {
    @Test
    void aKeyWhoseTableDigestDiffersFromTheComputedTableIsRefused() {
        VerifyingKey vk = ModelSetup.setup(Models.shared("iris_mlp_sigmoid")).verifyingKey();
        byte[] bytes = vk.toBytes();
        TableRule rule = vk.circuit.ruleRegions.keySet().iterator().next();
        byte[] digest = Circuit.functionTable(rule).digest();
        int at = indexOf(bytes, digest);
        assertTrue(at > 0, "the key holds the table's digest");
        assertArrayEquals(bytes, VerifyingKey.fromBytes(bytes).toBytes());
        bytes[at + 5] ^= 1;
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(bytes));
        assertTrue(e.getMessage().contains("table digest mismatch") && e.getMessage().contains("SIGMOID"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
