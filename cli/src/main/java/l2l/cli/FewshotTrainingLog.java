package l2l.cli;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l2l.metalearner.fewshot.MetaTrainer;

/** Logs the progress reports and validations of {@code l2l fewshot train}. */
final class FewshotTrainingLog implements MetaTrainer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(FewshotTrainingLog.class);

    @Override
    public void trained(MetaTrainer.Progress progress) {
        LOG.info("Episode {}/{}: meta-loss {}, accuracy {}, {} episodes/s, about {} left", progress.episode(), progress.episodes(),
                String.format(Locale.ROOT, "%.4f", progress.metaLoss()), percent(progress.accuracy()),
                String.format(Locale.ROOT, "%.2f", progress.episodesPerSecond()),
                FewshotResults.duration((progress.episodes() - progress.episode()) / progress.episodesPerSecond()));
    }

    @Override
    public void validated(MetaTrainer.Validation validation) {
        if (validation.episode() == 0) {
            LOG.info("Validation before training: accuracy {}", validation.accuracy());
            return;
        }
        LOG.info("Validation after episode {}: accuracy {}; best {} after episode {}", validation.episode(), validation.accuracy(),
                percent(validation.bestAccuracy()), validation.bestEpisode());
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
