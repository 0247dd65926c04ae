package io.zkml4j.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick start runs end to end on the bundled model: it proves, verifies, and sees a changed output rejected. */
class QuickStartTest {
    @Test
    void mainProvesAndVerifiesTheBundledModel() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("verified: the output is the committed model's output"), out);
        assertTrue(out.contains("a changed output is rejected"), out);
    }

    @Test
    void predictsTheDigitOfTheBundledImage() throws Exception {
        // digits_mlp's bundled input is a 2 (the float model agrees; see the CLI demo)
        assertEquals(2, QuickStart.run(new String[0], new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }
}
