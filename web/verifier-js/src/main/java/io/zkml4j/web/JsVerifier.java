package io.zkml4j.web;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSByRef;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The JavaScript entry point (compiled by TeaVM into zkml4j-verifier.js): {@code zkml4j.verify(vkBytes, proofBytes)}
 * returns {@code {ok, message}} and never throws. The decision is {@link Verdicts#of}, the same Java code the JVM runs.
 */
public final class JsVerifier {
    private JsVerifier() {}

    /** zkml4j.verify: the verdict as {ok, message}; never throws (a wrapper in src/main/js makes the global zkml4j). */
    @JSExport
    public static JSObject verify(JSObject verifyingKey, JSObject proof) {
        byte[] k = bytes(verifyingKey), p = bytes(proof);
        if (k == null || p == null) return result(false, "verify takes two Uint8Arrays: the verifying key's bytes and the proof file's bytes");
        String why = Verdicts.of(k, p);
        return result(why == null, why == null ? "the proof holds" : why);
    }

    /** For the agreement test only: {@link FieldCheck#digest}, which the JVM must match (TeaVM emulates long). */
    @JSExport
    public static String fieldCheck(int seed, int n) {
        return FieldCheck.digest(seed, n);
    }

    /** By its tag, not instanceof: a Uint8Array made in another realm (an iframe, a node vm context) is one too. */
    @JSBody(params = "a", script = "return Object.prototype.toString.call(a) === '[object Uint8Array]' ? a : null;")
    private static native Uint8Array asBytes(JSObject a);

    private static byte[] bytes(JSObject a) {
        Uint8Array u = asBytes(a);
        if (u == null) return null;
        byte[] b = new byte[u.getLength()];
        copy(u, b);
        return b;
    }

    /** One typed-array copy (each value as (byte)) instead of a JS call per byte, a tenth of a small proof's first check. */
    @JSBody(params = {"src", "dst"}, script = "dst.set(src);")
    private static native void copy(Uint8Array src, @JSByRef byte[] dst);

    @JSBody(params = {"ok", "message"}, script = "return { ok: ok, message: message };")
    private static native JSObject result(boolean ok, String message);
}
