package l2l.cli;

import java.io.PrintWriter;

import com.google.inject.Guice;
import com.google.inject.Injector;

import picocli.CommandLine;

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
        Injector injector = Guice.createInjector(new CliModule());
        CommandLine commandLine = new CommandLine(L2lCommand.class, new GuiceFactory(injector));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new CommandErrorHandler());
        return commandLine.execute(args);
    }
}
