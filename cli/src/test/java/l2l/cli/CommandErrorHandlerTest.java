package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandErrorHandlerTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Override
        public void run() {
        }
    }

    private final StringWriter err = new StringWriter();

    private int handle(Exception exception) throws Exception {
        CommandLine commandLine = new CommandLine(new Probe());
        commandLine.setErr(new PrintWriter(err, true));
        return new CommandErrorHandler().handleExecutionException(exception, commandLine, null);
    }

    @Test
    void bareAccessDeniedGetsReason() throws Exception {
        int status = handle(new AccessDeniedException("/data/runs/a"));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("l2l: /data/runs/a: permission denied; check that the folder exists and is writable");
    }

    @Test
    void fileSystemReasonKept() throws Exception {
        int status = handle(new FileSystemException("/data/runs/a", null, "Read-only file system"));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("l2l: /data/runs/a: Read-only file system; check that the folder exists and is writable");
    }
}
