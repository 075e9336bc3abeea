package l2l.cli;

import java.io.IOException;

import l2l.datasets.DatasetException;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.fewshot.FewShotException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports the conditions a user can act on as one line on standard error, without a stack trace,
 * and exits with status 1: a {@link DatasetException}, a {@link CheckpointException}, a
 * {@link FewShotException} (including a diverged run) and an {@link IOException} while writing
 * results. Other exceptions keep picocli's default handling.
 */
final class DatasetErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (exception instanceof DatasetException || exception instanceof CheckpointException || exception instanceof FewShotException) {
            commandLine.getErr().println("l2l: " + exception.getMessage());
            return 1;
        }
        if (exception instanceof IOException) {
            commandLine.getErr().println("l2l: a file could not be read or written: " + exception);
            return 1;
        }
        throw exception;
    }
}
