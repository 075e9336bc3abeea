package l2l.cli;

import l2l.datasets.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a {@link DatasetException} from any command as one line on standard error, without a
 * stack trace, and exits with status 1; other exceptions keep picocli's default handling.
 */
final class DatasetErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (exception instanceof DatasetException) {
            commandLine.getErr().println("l2l: " + exception.getMessage());
            return 1;
        }
        throw exception;
    }
}
