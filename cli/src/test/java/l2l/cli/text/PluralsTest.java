package l2l.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralsTest {

    @Test
    void countOfOneIsSingular() {
        assertThat(Plurals.count(1, "episode")).isEqualTo("1 episode");
        assertThat(Plurals.count(1, "class", "classes")).isEqualTo("1 class");
    }

    @Test
    void otherCountsArePlural() {
        assertThat(Plurals.count(0, "meta-iteration")).isEqualTo("0 meta-iterations");
        assertThat(Plurals.count(2, "test task")).isEqualTo("2 test tasks");
        assertThat(Plurals.count(242, "class", "classes")).isEqualTo("242 classes");
    }
}
