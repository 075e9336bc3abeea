package l2l.cli;

import jakarta.inject.Inject;

import l2l.cli.bench.BenchCommand;
import l2l.cli.options.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command {@code l2l}; it only groups the subcommands. */
@Command(
        name = "l2l",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Learned optimizers: meta-train coordinate-wise LSTM optimizers and compare them "
                + "with hand-designed ones.",
        subcommands = {TrainCommand.class, CompareCommand.class, FewshotCommand.class, LearnersCommand.class, DatasetsCommand.class, BenchCommand.class})
final class L2lCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Inject
    L2lCommand() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: run 'l2l --help' to list them.");
    }
}
