package io.zkml4j.web.js;

import java.nio.charset.StandardCharsets;

/**
 * {@code String.getBytes(UTF_8)} for the transcript's labels in the JavaScript build ({@link VerifierJsPlugin} makes
 * {@code Transcript.utf8} call it): ASCII byte by byte, anything else through the class library as before. TeaVM's
 * encoder (CharsetEncoder, buffers) cost a tenth of a first verification, once per absorbed value.
 */
public final class Utf8Js {
    private Utf8Js() {}

    public static byte[] encode(String s) {
        int n = s.length();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return s.getBytes(StandardCharsets.UTF_8);
            b[i] = (byte) c;
        }
        return b;
    }
}
