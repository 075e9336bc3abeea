package l2l.metalearner.fewshot;

/**
 * An indexed, reproducible sequence of tasks: the same index always gives the same task, so a
 * resumed meta-training run gets exactly the tasks an uninterrupted one would.
 */
@FunctionalInterface
public interface TaskSource {

    /**
     * Returns task {@code index}, counted from 0.
     *
     * @throws FewShotException if the task's data cannot be read; the message names the file or class
     */
    FewShotTask task(long index) throws FewShotException;
}
