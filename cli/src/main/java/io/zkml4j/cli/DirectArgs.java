package io.zkml4j.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line of the one-shot commands (setup, prove, verify) read without building picocli's model: picocli's
 * classes are compiled for Java 5, which the JVM's class-data archive and ahead-of-time cache cannot hold, and its model
 * of one command costs about 0.1 s of a cold run (docs/benchmarks.md, "Cold command line"). Reads the command's own
 * picocli annotations (names, required, default values), so there is one definition of each option; handles only the
 * plain forms ({@code --name value}, {@code --name=value}, positional parameters), options of type Path or String (the
 * command's and its mixins'; a mixin's option of another type, when given, is left to picocli), each given once. Anything else (help, version, an unknown or repeated option, a missing required one, a value that looks
 * like an option, an argument file) returns null: picocli then parses it as always, with its own messages.
 */
final class DirectArgs {
    /** picocli's "no default value" marker of {@link Option#defaultValue()}. */
    private static final String NO_DEFAULT = "__no_default_value__";

    private DirectArgs() {}

    /** The command named by {@code args[0]} among {@code commands}, its fields set from the rest, or null (use picocli). */
    static CliCommand parse(String[] args, List<Class<? extends CliCommand>> commands) {
        if (args.length == 0) return null;
        for (Class<? extends CliCommand> c : commands) {
            if (c.getAnnotation(Command.class).name().equals(args[0])) return parse(c, args);
        }
        return null;
    }

    /** An option's field and the object holding it: the command, or one of its mixins. */
    private record Target(Field field, Object owner) {}

    private static CliCommand parse(Class<? extends CliCommand> type, String[] args) {
        try {
            CliCommand cmd = type.getDeclaredConstructor().newInstance();
            Map<String, Target> options = new HashMap<>();
            List<Target> required = new ArrayList<>();
            List<Field> positional = new ArrayList<>();
            for (Class<?> k = type; k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    Option o = f.getAnnotation(Option.class);
                    Parameters p = f.getAnnotation(Parameters.class);
                    if (o == null && p == null) {
                        if (f.getAnnotation(Mixin.class) != null) {
                            // a mixin's options are read like the command's; it keeps its initial values for the rest
                            f.setAccessible(true);
                            if (!mixinOptions(f.get(cmd), options, required)) return null;
                            continue;
                        }
                        if (f.getAnnotation(Spec.class) != null || f.getAnnotations().length == 0) continue;
                        return null;
                    }
                    if (f.getType() != Path.class && f.getType() != String.class) return null;
                    f.setAccessible(true);
                    if (p != null) {
                        if (!p.index().equals(Integer.toString(positional.size())) || !p.arity().isEmpty()) return null;
                        positional.add(f);
                        continue;
                    }
                    if (!option(o, new Target(f, cmd), options, required)) return null;
                }
            }
            Set<Field> given = new HashSet<>();
            int next = 0;
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("@")) return null;
                if (!a.startsWith("-")) {
                    if (next == positional.size()) return null;
                    Field f = positional.get(next++);
                    f.set(cmd, value(f, a));
                    continue;
                }
                int eq = a.indexOf('=');
                Target t = options.get(eq > 0 ? a.substring(0, eq) : a);
                String v = eq > 0 ? a.substring(eq + 1) : i + 1 < args.length ? args[++i] : null;
                if (t == null || v == null || v.startsWith("-") || v.startsWith("@") || !given.add(t.field())) return null;
                if (t.field().getType() != Path.class && t.field().getType() != String.class) return null; // a mixin's int option: picocli converts it
                t.field().set(t.owner(), value(t.field(), v));
            }
            if (next != positional.size()) return null;
            for (Target t : required) if (!given.contains(t.field())) return null;
            return cmd;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // picocli will say what is wrong
        }
    }

    /** Registers one option (its default value set now); false when this reader cannot take it. */
    private static boolean option(Option o, Target t, Map<String, Target> options, List<Target> required) throws ReflectiveOperationException {
        if (!o.arity().isEmpty()) return false;
        for (String n : o.names()) options.put(n, t);
        if (o.required()) required.add(t);
        if (!o.defaultValue().equals(NO_DEFAULT)) {
            if (t.field().getType() != Path.class && t.field().getType() != String.class) return false;
            t.field().set(t.owner(), value(t.field(), o.defaultValue()));
        }
        return true;
    }

    /** A mixin's options, on the mixin object the command holds; false when this reader cannot take one of them. */
    private static boolean mixinOptions(Object mixin, Map<String, Target> options, List<Target> required) throws ReflectiveOperationException {
        if (mixin == null) return false;
        for (Field f : mixin.getClass().getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o == null) {
                if (f.getAnnotation(Parameters.class) != null || f.getAnnotation(Mixin.class) != null) return false;
                continue;
            }
            f.setAccessible(true);
            if (!option(o, new Target(f, mixin), options, required)) return false;
        }
        return true;
    }

    private static Object value(Field f, String v) {
        return f.getType() == String.class ? v : Path.of(v);
    }
}
