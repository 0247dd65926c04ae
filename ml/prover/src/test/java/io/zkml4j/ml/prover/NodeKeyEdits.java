package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkml4j.field.codec.ProofFormatException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A test harness for the key guards of the operators' {@code declare}: an honest verifying key is re-encoded field by
 * field ({@link MutationGroup10Test.Parts}, checked against the key's own bytes), one node's parameters, inputs,
 * outputs or rules (or a tensor's shape) are changed, and the edited bytes are decoded as a verifier reads a key from
 * elsewhere ({@link VerifyingKey#fromBytes}: the circuit is rebuilt, every node declared). The key's digest is the
 * SHA-256 of its encoding, so an edited key is a well-formed key of its own: only the guards decide. {@link #refused}
 * requires a clean rejection (a {@link ProofFormatException} naming the node, the guard's message inside), not an
 * internal error and not a key that decodes; {@link #accepted} the key at a guard's limit decoding.
 */
final class NodeKeyEdits {
    private NodeKeyEdits() {}

    /** The edited key's parts (call {@link #node} and the edit methods on them). */
    static MutationGroup10Test.Parts parts(VerifyingKey k) {
        MutationGroup10Test.Parts p = new MutationGroup10Test.Parts(k);
        assertArrayEquals(k.toBytes(), p.encode(), "the harness re-encodes the honest key byte for byte");
        return p;
    }

    /** Index of the first node of operator {@code op} whose name starts with {@code name} ("" for any). */
    static int node(MutationGroup10Test.Parts p, String op, String name) {
        for (int i = 0; i < p.nodes.size(); i++) {
            NodeSpec n = p.nodes.get(i);
            if (n.op.equals(op) && n.name.startsWith(name)) return i;
        }
        throw new AssertionError("no node " + op + " " + name + " in " + p.nodes.stream().map(n -> n.op + " " + n.name).toList());
    }

    static NodeSpec node(VerifyingKey k, String op) {
        return k.nodes.get(node(parts(k), op, ""));
    }

    /** Replaces the first node of operator {@code op} by {@code edit} of it. */
    static Consumer<MutationGroup10Test.Parts> editNode(String op, UnaryOperator<NodeSpec> edit) {
        return p -> {
            int i = node(p, op, "");
            p.nodes.set(i, edit.apply(p.nodes.get(i)));
        };
    }

    static NodeSpec withParams(NodeSpec n, long... params) {
        return new NodeSpec(n.op, n.name, n.in, n.out, params, n.rules);
    }

    /** n with parameter i set to v (the others as they are). */
    static NodeSpec withParam(NodeSpec n, int i, long v) {
        long[] p = n.p.clone();
        p[i] = v;
        return withParams(n, p);
    }

    static NodeSpec withInputs(NodeSpec n, int... in) {
        return new NodeSpec(n.op, n.name, in, n.out, n.p, n.rules);
    }

    static NodeSpec withOutputs(NodeSpec n, int... out) {
        return new NodeSpec(n.op, n.name, n.in, out, n.p, n.rules);
    }

    static NodeSpec withRules(NodeSpec n, List<io.zkml4j.ml.quant.TableRule> rules) {
        return new NodeSpec(n.op, n.name, n.in, n.out, n.p, rules);
    }

    /** Sets tensor {@code id}'s shape. */
    static Consumer<MutationGroup10Test.Parts> shape(int id, int... shape) {
        return p -> p.shapes.set(id, shape.clone());
    }

    static VerifyingKey decode(VerifyingKey k, Consumer<MutationGroup10Test.Parts> edit) {
        MutationGroup10Test.Parts p = parts(k);
        edit.accept(p);
        return VerifyingKey.fromBytes(p.encode());
    }

    /** The edited key decodes (a guard's limit): returns it. */
    static VerifyingKey accepted(VerifyingKey k, Consumer<MutationGroup10Test.Parts> edit) {
        try {
            return decode(k, edit);
        } catch (RuntimeException e) {
            return fail("the edited key should decode: " + e, e);
        }
    }

    /**
     * The edited key is refused cleanly: a ProofFormatException whose message is "verifying key: " + the node's own
     * rejection (naming it, {@code where} of {@code n}); returns the message after the node's name.
     */
    static String refused(VerifyingKey k, NodeSpec n, Consumer<MutationGroup10Test.Parts> edit) {
        MutationGroup10Test.Parts p = parts(k);
        edit.accept(p);
        byte[] b = p.encode();
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(b));
        String prefix = "verifying key: " + n.where() + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }
}
