package l2l.cli;

import jakarta.inject.Inject;

import l2l.cli.options.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l fewshot}: groups the commands of the few-shot meta-learner of Ravi and Larochelle (2017). */
@Command(
        name = "fewshot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Meta-train and evaluate the meta-learner LSTM of Ravi and Larochelle (2017) on few-shot tasks: "
                + "'train' writes a run folder with checkpoints, results and a learning curve, 'eval' measures a trained model "
                + "and the baselines on test episodes and Lake's one-shot runs.",
        subcommands = {FewshotTrainCommand.class, FewshotEvalCommand.class})
final class FewshotCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Inject
    FewshotCommand() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: run 'l2l fewshot --help' to list them.");
    }
}
