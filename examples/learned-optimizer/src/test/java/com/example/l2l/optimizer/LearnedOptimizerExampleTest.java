package com.example.l2l.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l2l.metalearner.coordinatewise.LearnedOptimizer;
import l2l.metalearner.coordinatewise.MetaTrainer;
import l2l.metalearner.optim.Sgd;
import l2l.metalearner.problem.Problem;

class LearnedOptimizerExampleTest {

    @Test
    void modulePathHoldsOnlyLibraryModules() {
        Set<String> modules = new TreeSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            String name = module.getName();
            if (!name.startsWith("java.") && !name.startsWith("jdk.")) {
                modules.add(name);
            }
        }

        assertThat(modules).containsExactlyInAnyOrder("com.example.l2l.optimizer", "l2l.metalearner", "l2l.autodiff", "l2l.tensor",
                "ojalgo");
        assertThat(System.getProperty("jdk.module.path")).doesNotContain("l2l-datasets", "l2l-learners", "l2l-cli", "guice", "picocli",
                "slf4j");
    }

    @Test
    void learnedOptimizerTrainsHeldOutRegression(@TempDir Path folder) throws Exception {
        MetaTrainer.Result result = LearnedOptimizerExample.metaTrain(60, 7, folder);
        Problem heldOut = new LogisticRegressions(1, LearnedOptimizerExample.FEATURES, LearnedOptimizerExample.EXAMPLES).sample(99, 50);

        double[] learned = LearnedOptimizerExample.train(new LearnedOptimizer(result.best()), heldOut, 50);
        double[] sgd = LearnedOptimizerExample.train(new Sgd(0.1), heldOut, 50);

        assertThat(result.bestLoss()).isLessThan(result.history().get(0).loss());
        assertThat(folder.resolve(MetaTrainer.BEST_CHECKPOINT)).isRegularFile();
        assertThat(learned[0]).isEqualTo(Math.log(2), within(1e-12));
        assertThat(learned[50]).isLessThan(0.6 * learned[0]);
        assertThat(learned[50]).isLessThan(sgd[50]);
    }

    @Test
    void sameSeedRepeatsMetaTraining(@TempDir Path first, @TempDir Path second) throws Exception {
        MetaTrainer.Result one = LearnedOptimizerExample.metaTrain(10, 3, first);
        MetaTrainer.Result two = LearnedOptimizerExample.metaTrain(10, 3, second);

        assertThat(two.best().flatten()).isEqualTo(one.best().flatten());
        assertThat(two.bestLoss()).isEqualTo(one.bestLoss());
    }
}
