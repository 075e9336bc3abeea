package l2l.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.ServiceConfigurationError;

import com.google.inject.ProvisionException;

import l2l.datasets.AtomicFiles;
import l2l.datasets.DatasetException;
import l2l.datasets.OutputPathException;
import l2l.metalearner.checkpoint.CheckpointException;
import l2l.metalearner.coordinatewise.NonFiniteLossException;
import l2l.metalearner.fewshot.FewShotException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports the failures a user can act on as one line on standard error, without a stack trace,
 * and exits with status 1. These are an invalid dataset, an unusable checkpoint, a meta-training
 * loss that turned non-finite, a failed few-shot run, a file that cannot be read or written, and
 * learner providers that cannot be loaded. Other exceptions keep picocli's default handling.
 */
final class CommandErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (exception instanceof DatasetException || exception instanceof CheckpointException
                || exception instanceof NonFiniteLossException || exception instanceof FewShotException) {
            commandLine.getErr().println("l2l: " + UnknownLearners.messageOf(exception));
            return 1;
        }
        if (exception instanceof OutputPathException) {
            commandLine.getErr().println("l2l: " + exception.getMessage());
            return 1;
        }
        if (exception instanceof FileSystemException failure && failure.getFile() != null
                && failure.getFile().equals(failure.getMessage())) {
            // The message of an AccessDeniedException and its kind is the bare path, so add what went wrong.
            commandLine.getErr().println("l2l: " + failure.getFile() + ": " + AtomicFiles.reason(failure)
                    + "; check that the folder exists and is writable");
            return 1;
        }
        if (exception instanceof IOException || exception instanceof UncheckedIOException) {
            Throwable cause = exception instanceof UncheckedIOException ? exception.getCause() : exception;
            commandLine.getErr().println("l2l: " + exception.getMessage() + (cause != exception ? ": " + cause : "")
                    + "; check that the folder exists and is writable");
            return 1;
        }
        if (exception instanceof ProvisionException && exception.getCause() instanceof IllegalStateException cause) {
            // LearnerModule's provider method failed: two learners share a name, or one cannot be instantiated.
            String advice = cause.getCause() instanceof ServiceConfigurationError
                    ? ". Fix that provider, or take its module off L2L_MODULE_PATH" : "";
            commandLine.getErr().println("l2l: " + cause.getMessage() + advice);
            return 1;
        }
        throw exception;
    }
}
