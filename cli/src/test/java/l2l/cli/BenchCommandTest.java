package l2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void kernelsReportsEveryKernel() {
        int status = run("bench", "kernels", "--rows", "130", "--hidden", "5", "--input", "2", "--warmup", "1", "--warmup-seconds", "0", "--iterations", "2",
                "--peak-seconds", "0.05");

        String output = out.toString();
        assertThat(status).as(err.toString()).isZero();
        assertThat(output).contains("machine: ").contains("cores, Java ");
        assertThat(output).containsPattern("peak: \\d+\\.\\d GFLOP/s");
        assertThat(output).contains("matmul [130, 7] x [7, 20]");
        assertThat(output).contains("x W_ih^T and h W_hh^T (unfused cell)");
        assertThat(output).contains("LSTM cell forward + backward");
        assertThat(output).containsPattern("130 +ratio: cell fwd\\+bwd / unfused products +\\d+\\.\\d\\dx +-");
    }

    @Test
    void singleThreadReportsCpuTime() {
        int status = run("bench", "kernels", "--rows", "60", "--hidden", "3", "--input", "1", "--warmup", "1", "--warmup-seconds", "0",
                "--iterations", "1", "--peak-seconds", "0.05", "--threads", "1");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("60 +LSTM cell forward \\+ backward +\\d+\\.\\d{3} +\\d+\\.\\d{3} ");
        assertThat(out.toString()).containsPattern("60 +ratio: cell fwd\\+bwd / matmul +\\d+\\.\\d\\dx +\\d+\\.\\d\\dx");
    }

    @Test
    void kernelsOptionSelectsKernels() {
        int status = run("bench", "kernels", "--rows", "70", "--hidden", "4", "--input", "2", "--warmup", "1", "--warmup-seconds", "0",
                "--iterations", "1", "--peak-seconds", "0.05", "--kernels", "gate-products,forward");

        String output = out.toString();
        assertThat(status).as(err.toString()).isZero();
        assertThat(output).containsPattern("70 +gate products of the cell \\(into its buffers\\) +\\d+\\.\\d{3} ");
        assertThat(output).containsPattern("70 +LSTM cell forward +\\d+\\.\\d{3} ");
        assertThat(output).doesNotContain("matmul [70");
        assertThat(output).doesNotContain("unfused cell");
        assertThat(output).doesNotContain("forward + backward");
        assertThat(output).doesNotContain("ratio:");
    }

    @Test
    void unknownKernelRejected() {
        int status = run("bench", "kernels", "--kernels", "gate-products,gemm");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--kernels': 'gemm' is not a kernel; use names from matmul, "
                + "gate-products, unfused, forward, forward-backward");
    }

    @Test
    void repeatedKernelRejected() {
        int status = run("bench", "kernels", "--kernels", "forward,forward");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--kernels': 'forward' is named twice; name each kernel once");
    }

    @Test
    void invalidRowsRejected() {
        int status = run("bench", "kernels", "--rows", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--rows': 0 must be at least 1");
    }

    @Test
    void tooManyThreadsRejected() {
        int status = run("bench", "kernels", "--threads", "100000");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--threads 100000 is more than 256, the most threads the tensor kernels accept; this machine has");
    }

    @Test
    void benchWithoutSubcommandRejected() {
        int status = run("bench");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand: run 'l2l bench --help' to list them.");
    }
}
