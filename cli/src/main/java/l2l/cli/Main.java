package l2l.cli;

import java.io.PrintWriter;
import java.util.Locale;

import com.google.inject.Guice;
import com.google.inject.Injector;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code l2l} command. Builds the one Guice injector of the process and lets
 * picocli create every command through it.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the command line and returns its exit status: 0 on success, 1 when a command fails,
     * 2 for a usage error such as an unknown option (picocli's convention).
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(), out, err, args);
    }

    /**
     * Runs {@code commandLine} with the command line's error handling and returns its exit status.
     * An {@link OutOfMemoryError} ends the command with one line that names the heap limit, and
     * status 1. A failed write to {@code out} also ends with status 1 and a line naming the failure.
     */
    static int execute(CommandLine commandLine, PrintWriter out, PrintWriter err, String... args) {
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new CommandErrorHandler());
        commandLine.setParameterExceptionHandler(Main::reportInvalidInput);
        try {
            int status = commandLine.execute(args);
            // A PrintWriter hides write errors, such as a full disk behind a redirection, until checkError() is called.
            if (out.checkError()) {
                err.println("l2l: writing to standard output failed, so the output is incomplete; check where it is redirected "
                        + "(a full disk, a closed pipe)");
                return status == 0 ? 1 : status;
            }
            return status;
        } catch (OutOfMemoryError e) {
            // Once the command's stack has unwound, most of its objects are unreachable, so there is usually memory to print with.
            err.println("l2l: " + outOfMemoryMessage(e, Runtime.getRuntime().maxMemory()));
            return 1;
        }
    }

    /**
     * Returns picocli's message with the Java type names of its conversion errors in plain words:
     * "'abc' is not a double" becomes "'abc' is not a number".
     */
    static String plainTypeNames(String message) {
        return message.replaceFirst("' is not an int$", "' is not a whole number of at most " + Integer.MAX_VALUE)
                .replaceFirst("' is not a long$", "' is not a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE)
                .replaceFirst("' is not a double$", "' is not a number (such as 0.001 or 1e-3)");
    }

    /**
     * Reports an invalid command line and returns the usage-error status. Below the top level
     * the message is followed by a pointer to the command's help, not by its full usage, whose
     * many lines would push the message off the screen.
     */
    private static int reportInvalidInput(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(plainTypeNames(exception.getMessage()));
        UnmatchedArgumentException.printSuggestions(exception, err);
        if (command.getParent() == null) {
            command.usage(err);
        } else {
            err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for its options.");
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Returns the message for {@code error} in a JVM whose heap may grow to {@code maxMemory}
     * bytes: the heap limit and an L2L_JAVA_OPTS setting with twice that heap, or 1 GiB if more.
     */
    static String outOfMemoryMessage(OutOfMemoryError error, long maxMemory) {
        double gibibytes = maxMemory / (double) (1L << 30);
        String limit = gibibytes < 1 ? (maxMemory >> 20) + " MiB" : String.format(Locale.ROOT, "%.1f GiB", gibibytes);
        String detail = error.getMessage() == null ? "" : " (" + error.getMessage() + ")";
        return "out of memory" + detail + ": the Java heap is limited to " + limit + " (Runtime.maxMemory). Run again with a larger "
                + "heap, such as L2L_JAVA_OPTS=" + largerHeap(maxMemory) + ", or with a smaller workload: fewer or smaller problems, "
                + "tasks or images, or fewer steps";
    }

    /** Returns the JVM option for twice the heap {@code maxMemory}, rounded up to whole gibibytes: {@code -Xmx11g} for 5.2 GiB. */
    static String largerHeap(long maxMemory) {
        return "-Xmx" + Math.max(1, (long) Math.ceil(2 * maxMemory / (double) (1L << 30))) + "g";
    }

    /** Builds the command tree of {@code l2l}, with every command created by a new Guice injector. */
    static CommandLine commandLine() {
        Injector injector = Guice.createInjector(new CliModule());
        return new CommandLine(L2lCommand.class, new GuiceFactory(injector));
    }
}
