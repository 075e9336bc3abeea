package l2l.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import l2l.metalearner.problem.LearnerProviders;

/**
 * Binds the learner providers that {@link java.util.ServiceLoader} finds on the module path: the
 * built-in ones of {@code l2l.learners} and those of any module that declares
 * {@code provides l2l.metalearner.problem.LearnerProvider}. A learner needs no Guice code of its
 * own. The providers are loaded on first use, so a broken provider fails the commands that need
 * learners and not {@code l2l --help}.
 */
final class LearnerModule extends AbstractModule {

    @Provides
    @Singleton
    LearnerProviders learnerProviders() {
        return LearnerProviders.load();
    }
}
