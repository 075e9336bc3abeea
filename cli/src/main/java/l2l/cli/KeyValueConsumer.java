package l2l.cli;

import java.util.Map;
import java.util.Stack;

import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads one {@code KEY=VALUE} value of a map option such as {@code --learner-option} into the
 * option's map. picocli 4.7's own message for a value without {@code =} reads "Value for option
 * option '--learner-option' (KEY=VALUE) should be in KEY=VALUE format", so this consumer reports
 * that case itself, with an example.
 */
final class KeyValueConsumer implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String option = argSpec instanceof OptionSpec optionSpec ? optionSpec.longestName() : argSpec.paramLabel();
        if (args.isEmpty()) {
            throw new ParameterException(commandSpec.commandLine(), "Missing value for " + option + ": give KEY=VALUE, such as "
                    + option + " width=40");
        }
        String value = args.pop();
        int separator = value.indexOf('=');
        if (separator < 1) {
            throw new ParameterException(commandSpec.commandLine(), "Invalid value for " + option + ": '" + value + "' is not of the "
                    + "form KEY=VALUE; give a key and its value, such as " + option + " width=40. 'l2l learners' lists the keys of "
                    + "every learner");
        }
        Map<String, String> options = argSpec.getValue();
        options.put(value.substring(0, separator), value.substring(separator + 1));
    }
}
