/**
 * The {@code l2l} command line. {@link l2l.cli.Main} builds one Guice injector, and picocli
 * creates every command through it.
 */
module l2l.cli {
    requires l2l.tensor;
    requires l2l.autodiff;
    requires l2l.datasets;
    requires l2l.metalearner;
    requires l2l.learners;
    requires com.google.guice;
    requires jakarta.inject;
    requires info.picocli;
    requires org.slf4j;
    // CPU time for benchmarks, and the system load average that results record.
    requires java.management;

    // picocli sets annotated fields reflectively, and Guice constructs the commands.
    opens l2l.cli to info.picocli, com.google.guice;
    opens l2l.cli.bench to info.picocli, com.google.guice;
    opens l2l.cli.options to info.picocli, com.google.guice;
}
