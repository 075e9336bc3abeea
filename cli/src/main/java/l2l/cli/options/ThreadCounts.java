package l2l.cli.options;

import static l2l.cli.text.Plurals.count;

import l2l.tensor.Parallelism;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The check of a thread-count option, shared by every command that sets the tensor kernels' threads. */
public final class ThreadCounts {

    private ThreadCounts() {
    }

    /**
     * Checks that a thread count is between 1 and {@link Parallelism#MAX_THREADS}.
     *
     * @throws ParameterException such as {@code --threads 100000 is more than 256, the most threads
     *     the tensor kernels accept; this machine has 2 processors, ...}
     */
    public static void require(CommandLine commandLine, String option, int value) {
        if (value < 1) {
            throw new ParameterException(commandLine, option + " must be at least 1, got " + value);
        }
        if (value > Parallelism.MAX_THREADS) {
            throw new ParameterException(commandLine, option + " " + value + " is more than " + Parallelism.MAX_THREADS
                    + ", the most threads the tensor kernels accept; this machine has "
                    + count(Runtime.getRuntime().availableProcessors(), "processor")
                    + ", and more threads than processors do not run faster");
        }
    }
}
