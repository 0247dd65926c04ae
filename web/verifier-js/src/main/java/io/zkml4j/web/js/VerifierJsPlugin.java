package io.zkml4j.web.js;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.transcript.Transcript;
import org.teavm.backend.javascript.TeaVMJavaScriptHost;
import org.teavm.backend.javascript.rendering.Precedence;
import org.teavm.backend.javascript.spi.Injector;
import org.teavm.backend.javascript.spi.InjectorContext;
import org.teavm.model.AccessLevel;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.model.emit.ValueEmitter;
import org.teavm.model.util.ModelUtils;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * A TeaVM plugin (META-INF/services) of the JavaScript build only; the JVM keeps its code, nothing outside this module
 * changes. Every call of the field's word methods below is written as a call of the function of the same name in
 * {@code src/main/js/field.js} ({@code zkml4j$add(a, b)}: WebAssembly, or a few BigInt operations, with the JVM's exact
 * result, where TeaVM's compiled word code takes dozens of allocating BigInt calls); {@code Transcript.utf8} calls
 * {@link Utf8Js#encode}; {@code FieldReader.fieldsFixed} decodes through {@link FieldReaderJs} first.
 */
public final class VerifierJsPlugin implements TeaVMPlugin {
    private static final Class<?> L = long.class;

    @Override
    public void install(TeaVMHost host) {
        TeaVMJavaScriptHost js = host.getExtension(TeaVMJavaScriptHost.class);
        if (js == null) return; // another backend: nothing to replace
        Injector call = new Call();
        for (String m : new String[] {"add", "sub", "mul", "pow"}) js.add(new MethodReference(Goldilocks.class, m, L, L, L), call);
        for (String m : new String[] {"neg", "reduce64"}) js.add(new MethodReference(Goldilocks.class, m, L, L), call);
        for (String m : new String[] {"carry", "mulAdd", "reduce192"}) js.add(new MethodReference(Goldilocks.class, m, L, L, L, L), call);
        js.add(new MethodReference(Goldilocks.class, "isCanonical", L, boolean.class), call);
        js.add(new MethodReference(Goldilocks.class, "dot2Add", L, L, L, L, L, L), call);
        for (String m : new String[] {"mul0", "mul1"}) js.add(new MethodReference(GoldilocksExt2.class, m, L, L, L, L, L), call);
        host.add((ClassHolderTransformer) VerifierJsPlugin::utf8);
        host.add((ClassHolderTransformer) VerifierJsPlugin::fieldsFixed);
    }

    /**
     * FieldReader.fieldsFixed(what, n) becomes: v = FieldReaderJs.decode(dry, buf, pos, n); if v is null, the original
     * method (kept as fieldsFixedJvm) from the same state; else pos += 8n and v. The same result and exceptions.
     */
    private static void fieldsFixed(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(FieldReader.class.getName())) return;
        MethodHolder m = cls.getMethod(new MethodDescriptor("fieldsFixed", String.class, int.class, long[].class));
        if (m == null) throw new IllegalStateException("VerifierJsPlugin: no long[] fieldsFixed(String, int) in " + cls.getName());
        MethodHolder jvm = new MethodHolder("fieldsFixedJvm", m.getSignature());
        jvm.setLevel(AccessLevel.PRIVATE);
        jvm.setProgram(ModelUtils.copyMethod(m).getProgram());
        cls.addMethod(jvm);
        ProgramEmitter pe = ProgramEmitter.create(m, context.getHierarchy());
        ValueEmitter self = pe.var(0, FieldReader.class), what = pe.var(1, String.class), n = pe.var(2, int.class);
        ValueEmitter v = pe.invoke(FieldReaderJs.class, "decode", long[].class, self.getField("dry", boolean.class),
                self.getField("buf", byte[].class), self.getField("pos", int.class), n);
        pe.when(v.isNull()).thenDo(() -> self.invokeSpecial("fieldsFixedJvm", long[].class, what, n).returnValue());
        self.setField("pos", self.getField("pos", int.class).add(n.mul(8)));
        v.returnValue();
    }

    /** Transcript.utf8(label) becomes Utf8Js.encode(label); a build of a Transcript without it fails, naming it. */
    private static void utf8(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(Transcript.class.getName())) return;
        MethodHolder m = cls.getMethod(new MethodDescriptor("utf8", String.class, byte[].class));
        if (m == null) throw new IllegalStateException("VerifierJsPlugin: no static byte[] utf8(String) in " + cls.getName());
        ProgramEmitter pe = ProgramEmitter.create(m, context.getHierarchy());
        pe.invoke(Utf8Js.class, "encode", byte[].class, pe.var(1, String.class)).returnValue();
    }

    /** {@code zkml4j$NAME(arguments)}; arguments are evaluated once each, in Java's order. */
    static final class Call implements Injector {
        @Override
        public void generate(InjectorContext c, MethodReference method) {
            c.getWriter().append("zkml4j$" + method.getName() + "(");
            for (int i = 0; i < c.argumentCount(); i++) {
                if (i > 0) c.getWriter().append(",");
                c.writeExpr(c.getArgument(i), Precedence.ASSIGNMENT);
            }
            c.getWriter().append(")");
        }
    }
}
