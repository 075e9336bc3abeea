package l2l.cli;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks the help text of every option and positional parameter in a picocli command tree:
 * <ol>
 *   <li>an argument with a default states it, with {@code ${DEFAULT-VALUE}} or the word
 *       "default". An argument has a default when picocli has one (the annotation's
 *       {@code defaultValue} or a field initialiser that is not empty), or when it is optional
 *       and numeric, because the command then substitutes a value of its own;
 *   <li>a default written out as text, instead of {@code ${DEFAULT-VALUE}}, contains the
 *       annotation's {@code defaultValue}, so the text cannot drift from the value;
 *   <li>an argument that takes a value has a parameter label such as {@code STEPS} or
 *       {@code SECONDS}, instead of picocli's {@code <fieldName>};
 *   <li>no description of a command or argument contains a '%' other than {@code %%} or
 *       {@code %n}, because picocli formats descriptions and prints a warning for any other.
 * </ol>
 * Units are not checked mechanically; the descriptions name them in words.
 */
final class HelpTextRules {

    private static final String DEFAULT_VARIABLE = "${DEFAULT-VALUE}";

    /** "%%" and "%n", the two format sequences that picocli's help formatting accepts in plain text. */
    private static final Pattern ESCAPED_PERCENT = Pattern.compile("%[%n]");

    private static final String LONE_PERCENT_MESSAGE =
            ": the description has a lone '%', which picocli reads as a format specifier and prints a warning for; write %%";

    private HelpTextRules() {
    }

    /** Returns one line per broken rule, naming the command, the argument and the rule, or an empty list. */
    static List<String> violations(CommandLine root) {
        List<String> violations = new ArrayList<>();
        collect(root, violations);
        return violations;
    }

    private static void collect(CommandLine commandLine, List<String> violations) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (hasLonePercent(String.join(" ", spec.usageMessage().description()))) {
            violations.add(spec.qualifiedName() + LONE_PERCENT_MESSAGE);
        }
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                check(spec.qualifiedName() + " " + option.longestName(), option, violations);
            }
        }
        for (ArgSpec positional : spec.positionalParameters()) {
            check(spec.qualifiedName() + " " + positional.paramLabel(), positional, violations);
        }
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            collect(subcommand, violations);
        }
    }

    private static void check(String where, ArgSpec argument, List<String> violations) {
        String source = sourceDescription(argument);
        if (hasLonePercent(source)) {
            // The rendered description would only repeat picocli's warning, so the other rules wait for the fix.
            violations.add(where + LONE_PERCENT_MESSAGE);
            return;
        }
        boolean flag = argument.arity().max() == 0;
        String rendered = String.join(" ", argument.description());

        if (!flag && hasDefault(argument) && !source.contains(DEFAULT_VARIABLE)
                && !rendered.toLowerCase(Locale.ROOT).contains("default")) {
            violations.add(where + ": the description does not state the default");
        }
        String defaultValue = argument.defaultValue();
        if (!flag && defaultValue != null && !source.contains(DEFAULT_VARIABLE) && !rendered.contains(defaultValue)) {
            violations.add(where + ": the description does not contain the default value '" + defaultValue
                    + "'; write ${DEFAULT-VALUE} instead of the value");
        }
        if (!flag && argument.paramLabel().startsWith("<")) {
            violations.add(where + ": the parameter label " + argument.paramLabel()
                    + " names a field; set paramLabel to what the value is, such as COUNT or SECONDS");
        }
    }

    /**
     * Returns the description as written in the annotation. {@link ArgSpec#description()} returns it
     * already formatted, with {@code ${DEFAULT-VALUE}} replaced and {@code %%} turned into {@code %}.
     */
    private static String sourceDescription(ArgSpec argument) {
        String[] lines = argument.description();
        if (argument.userObject() instanceof Field field) {
            Option option = field.getAnnotation(Option.class);
            Parameters parameters = field.getAnnotation(Parameters.class);
            if (option != null) {
                lines = option.description();
            } else if (parameters != null) {
                lines = parameters.description();
            }
        }
        return String.join(" ", lines);
    }

    /** Returns whether {@code text} has a '%' that picocli would read as the start of a format specifier. */
    private static boolean hasLonePercent(String text) {
        return ESCAPED_PERCENT.matcher(text).replaceAll("").contains("%");
    }

    private static boolean hasDefault(ArgSpec argument) {
        if (argument.required()) {
            return false;
        }
        if (argument.defaultValue() != null) {
            return true;
        }
        if (argument.hasInitialValue() && isMeaningful(argument.initialValue())) {
            return true;
        }
        Class<?> type = argument.type();
        boolean numeric = Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class);
        return numeric || type.isEnum();
    }

    private static boolean isMeaningful(Object initial) {
        if (initial == null || initial instanceof Boolean) {
            return false;
        }
        if (initial instanceof Collection<?> collection) {
            return !collection.isEmpty();
        }
        if (initial instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        if (initial.getClass().isArray()) {
            return Array.getLength(initial) > 0;
        }
        return true;
    }
}
