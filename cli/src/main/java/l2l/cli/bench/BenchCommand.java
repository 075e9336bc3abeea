package l2l.cli.bench;

import jakarta.inject.Inject;

import l2l.cli.options.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code l2l bench} group of speed measurements; it only groups the subcommands. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Measures the speed of the project's kernels and end-to-end workloads on this machine.",
        subcommands = {KernelsCommand.class, WorkloadsCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Inject
    BenchCommand() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: run 'l2l bench --help' to list them.");
    }
}
