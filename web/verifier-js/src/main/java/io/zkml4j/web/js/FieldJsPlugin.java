package io.zkml4j.web.js;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import org.teavm.backend.javascript.TeaVMJavaScriptHost;
import org.teavm.backend.javascript.rendering.Precedence;
import org.teavm.backend.javascript.spi.Injector;
import org.teavm.backend.javascript.spi.InjectorContext;
import org.teavm.model.MethodReference;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * A TeaVM plugin (META-INF/services) of the JavaScript build only: every call of the field's word methods below is
 * written as a call of the function of the same name in {@code src/main/js/field.js} ({@code zkml4j$add(a, b)}), which
 * gives the JVM's exact result in a few BigInt operations where TeaVM's compiled word code takes dozens. The JVM keeps
 * its code; nothing in core/field changes.
 */
public final class FieldJsPlugin implements TeaVMPlugin {
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
