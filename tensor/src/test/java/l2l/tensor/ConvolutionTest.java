package l2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ConvolutionTest {

    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    private final TensorRandom random = new TensorRandom(31);

    /** Returns the convolution by its definition, one output element at a time. */
    private static Tensor reference(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        int batch = x.dim(0);
        int channels = x.dim(1);
        int height = x.dim(2);
        int width = x.dim(3);
        int outChannels = w.dim(0);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int outHeight = (height + 2 * padding - kh) / stride + 1;
        int outWidth = (width + 2 * padding - kw) / stride + 1;
        double[] out = new double[batch * outChannels * outHeight * outWidth];
        int k = 0;
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < outChannels; o++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        double sum = bias == null ? 0 : bias.get(o);
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int y = oy * stride - padding + i;
                                    int xx = ox * stride - padding + j;
                                    if (y >= 0 && y < height && xx >= 0 && xx < width) {
                                        sum += x.get(b, c, y, xx) * w.get(o, c, i, j);
                                    }
                                }
                            }
                        }
                        out[k++] = sum;
                    }
                }
            }
        }
        return Tensor.of(out, batch, outChannels, outHeight, outWidth);
    }

    @Test
    void conv2dMatchesDefinition() {
        int[][] settings = {{1, 0}, {1, 1}, {2, 0}, {2, 1}, {3, 2}};
        for (int[] setting : settings) {
            Tensor x = random.normal(0, 1, 2, 3, 7, 6);
            Tensor w = random.normal(0, 1, 4, 3, 3, 2);
            Tensor bias = random.normal(0, 1, 4);

            Tensor output = Convolution.conv2d(x, w, bias, setting[0], setting[1]);

            assertThat(TIGHT.mismatch(output, reference(x, w, bias, setting[0], setting[1])))
                    .as("stride %d padding %d", setting[0], setting[1]).isEmpty();
        }
    }

    @Test
    void conv2dWithoutBias() {
        Tensor x = random.normal(0, 1, 1, 2, 5, 5);
        Tensor w = random.normal(0, 1, 3, 2, 3, 3);

        assertThat(TIGHT.mismatch(Convolution.conv2d(x, w, null, 1, 1), reference(x, w, null, 1, 1))).isEmpty();
    }

    @Test
    void im2colLayout() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);

        Tensor columns = Convolution.im2col(x, 2, 2, 1, 1);

        // 3 x 3 output positions; row 0 is the kernel's top-left tap, which sees x only at the last position.
        assertThat(columns.shape()).containsExactly(1, 4, 9);
        assertThat(columns.slice(1, 0, 1).flatten()).isEqualTo(Tensor.vector(0, 0, 0, 0, 1, 2, 0, 3, 4));
        assertThat(columns.slice(1, 3, 4).flatten()).isEqualTo(Tensor.vector(1, 2, 0, 3, 4, 0, 0, 0, 0));
    }

    @Test
    void im2colAndCol2imMatchDefinitionBits() {
        // {size, kernel, stride, padding}: padding wider than the kernel leaves whole rows and
        // columns of zeros, stride 3 skips input columns, and a kernel wider than the image
        // reaches it from one output position only.
        int[][] settings = {{5, 3, 1, 1}, {6, 2, 2, 0}, {7, 3, 3, 2}, {4, 2, 1, 3}, {3, 3, 1, 0}, {9, 3, 2, 1}, {1, 5, 1, 2}};
        for (int[] setting : settings) {
            int size = setting[0];
            int kernel = setting[1];
            int stride = setting[2];
            int padding = setting[3];
            int outSize = Convolution.outputSize(size, kernel, stride, padding);
            Tensor x = random.normal(0, 1, 2, 3, size, size);
            Tensor y = random.normal(0, 1, 2, 3 * kernel * kernel, outSize * outSize);

            double[] columns = new double[2 * 3 * kernel * kernel * outSize * outSize];
            double[] image = new double[2 * 3 * size * size];
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < kernel; i++) {
                        for (int j = 0; j < kernel; j++) {
                            int row = (b * 3 + c) * kernel * kernel + i * kernel + j;
                            for (int oy = 0; oy < outSize; oy++) {
                                for (int ox = 0; ox < outSize; ox++) {
                                    int yy = oy * stride - padding + i;
                                    int xx = ox * stride - padding + j;
                                    if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                                        int inputIndex = ((b * 3 + c) * size + yy) * size + xx;
                                        columns[row * outSize * outSize + oy * outSize + ox] = x.data()[inputIndex];
                                        image[inputIndex] += y.data()[row * outSize * outSize + oy * outSize + ox];
                                    }
                                }
                            }
                        }
                    }
                }
            }

            String label = "size, kernel, stride, padding = " + Arrays.toString(setting);
            assertThat(Convolution.im2col(x, kernel, kernel, stride, padding).data()).as("im2col, " + label).isEqualTo(columns);
            assertThat(Convolution.col2im(y, 3, size, size, kernel, kernel, stride, padding).data()).as("col2im, " + label)
                    .isEqualTo(image);
        }
    }

    @Test
    void col2imIsAdjointOfIm2col() {
        Tensor x = random.normal(0, 1, 2, 3, 6, 5);
        Tensor columns = Convolution.im2col(x, 3, 3, 2, 1);
        Tensor y = random.normal(0, 1, columns.shape());

        double left = columns.mul(y).sum().item();
        double right = x.mul(Convolution.col2im(y, 3, 6, 5, 3, 3, 2, 1)).sum().item();

        assertThat(TIGHT.accepts(left, right)).isTrue();
    }

    @Test
    void im2colIndependentOfThreads() {
        // 16 images of 8 x 16 x 16: 294,912 column values, enough to run on several threads.
        Tensor x = random.normal(0, 1, 16, 8, 16, 16);
        Tensor y = random.normal(0, 1, 16, 8 * 9, 16 * 16);
        int previous = Parallelism.threads();
        try {
            Parallelism.setThreads(1);
            Tensor columnsOne = Convolution.im2col(x, 3, 3, 1, 1);
            Tensor imageOne = Convolution.col2im(y, 8, 16, 16, 3, 3, 1, 1);
            Parallelism.setThreads(2);
            Tensor columnsTwo = Convolution.im2col(x, 3, 3, 1, 1);
            Tensor imageTwo = Convolution.col2im(y, 8, 16, 16, 3, 3, 1, 1);

            assertThat(columnsTwo).isEqualTo(columnsOne);
            assertThat(imageTwo).isEqualTo(imageOne);
        } finally {
            Parallelism.setThreads(previous);
        }
    }

    @Test
    void multiplyColumnsMatchesProductPlusBias() {
        // Column counts below and above the vector width, and a product too large for the kernel's route.
        int[][] shapes = {{3, 9, 7, 5}, {2, 18, 49, 4}, {1, 2, 70_000, 3}};
        for (int[] shape : shapes) {
            Tensor columns = random.normal(0, 1, shape[0], shape[1], shape[2]);
            Tensor weight = random.normal(0, 1, shape[3], shape[1]);
            Tensor bias = random.normal(0, 1, shape[3]);

            Tensor withBias = Convolution.multiplyColumns(columns, weight, bias);
            Tensor withoutBias = Convolution.multiplyColumns(columns, weight, null);

            Tensor product = weight.matmul(columns);
            String label = "columns " + Shapes.toString(columns.shape()) + ", weight " + Shapes.toString(weight.shape());
            assertThat(TIGHT.mismatch(withBias, product.add(bias.reshape(shape[3], 1)))).as(label + " with bias").isEmpty();
            assertThat(TIGHT.mismatch(withoutBias, product)).as(label + " without bias").isEmpty();
        }
    }

    @Test
    void weightAndBiasGradientsMatchSums() {
        // Batches within one chunk and across several, and a gradient too large for the kernel's route.
        int[][] shapes = {{3, 9, 7, 5}, {19, 18, 49, 4}, {1, 3, 140_000, 2}};
        for (int[] shape : shapes) {
            Tensor columns = random.normal(0, 1, shape[0], shape[1], shape[2]);
            Tensor gradient = random.normal(0, 1, shape[0], shape[3], shape[2]);

            Tensor weightGradient = Convolution.weightGradient(columns, gradient);
            Tensor biasGradient = Convolution.biasGradient(gradient);

            String label = "columns " + Shapes.toString(columns.shape()) + ", gradient " + Shapes.toString(gradient.shape());
            assertThat(TIGHT.mismatch(weightGradient, gradient.matmulTransposed(columns).sum(0, false))).as(label).isEmpty();
            assertThat(TIGHT.mismatch(biasGradient, gradient.sumTo(1, shape[3], 1).reshape(shape[3]))).as(label).isEmpty();
        }
    }

    @Test
    void inputGradientMatchesCol2imOfProduct() {
        // {batch, channels, size, kernel, stride, padding, output channels}: batches within one chunk and across several,
        // and columns too large for the kernel's route.
        int[][] settings = {{3, 2, 7, 3, 1, 1, 4}, {19, 3, 9, 3, 2, 0, 5}, {2, 4, 64, 3, 1, 1, 2}};
        for (int[] setting : settings) {
            int size = setting[2];
            int kernel = setting[3];
            int positions = Convolution.outputSize(size, kernel, setting[4], setting[5]);
            Tensor weight = random.normal(0, 1, setting[6], setting[1] * kernel * kernel);
            Tensor gradient = random.normal(0, 1, setting[0], setting[6], positions * positions);

            Tensor inputGradient = Convolution.inputGradient(weight, gradient, setting[1], size, size, kernel, kernel, setting[4], setting[5]);

            Tensor expected = Convolution.col2im(weight.transposedMatmul(gradient), setting[1], size, size, kernel, kernel, setting[4],
                    setting[5]);
            assertThat(inputGradient).as("setting %s", Arrays.toString(setting)).isEqualTo(expected);
        }
    }

    @Test
    void imageByImageRoutesMatchBatchColumns() {
        // {batch, channels, size, kernel, stride, padding, output channels}. The unpadded cases leave
        // values in the reused buffer where the padded ones that follow need zeros; 20 images of
        // 8 channels of 16 x 16 run on several threads.
        int[][] cases = {{3, 2, 7, 3, 1, 0, 4}, {3, 2, 7, 3, 1, 1, 4}, {19, 3, 9, 3, 2, 1, 5}, {20, 8, 16, 3, 1, 1, 8}, {1, 1, 5, 5, 1, 2, 3}};
        int previous = Parallelism.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallelism.setThreads(threads);
                for (int[] c : cases) {
                    int outSize = Convolution.outputSize(c[2], c[3], c[4], c[5]);
                    Tensor input = random.normal(0, 1, c[0], c[1], c[2], c[2]);
                    Tensor weight = random.normal(0, 1, c[6], c[1] * c[3] * c[3]);
                    Tensor bias = random.normal(0, 1, c[6]);
                    Tensor gradient = random.normal(0, 1, c[0], c[6], outSize * outSize);
                    Tensor columns = Convolution.im2col(input, c[3], c[3], c[4], c[5]);

                    String label = Arrays.toString(c) + " on " + threads + " thread(s)";
                    assertThat(Convolution.multiplyImageColumns(input, weight, bias, c[3], c[3], c[4], c[5])).as("output of " + label)
                            .isEqualTo(Convolution.multiplyColumns(columns, weight, bias));
                    assertThat(Convolution.multiplyImageColumns(input, weight, null, c[3], c[3], c[4], c[5]))
                            .as("output without bias of " + label).isEqualTo(Convolution.multiplyColumns(columns, weight, null));
                    assertThat(Convolution.weightGradientOfInput(input, gradient, c[3], c[3], c[4], c[5])).as("weight gradient of " + label)
                            .isEqualTo(Convolution.weightGradient(columns, gradient));
                }
            }
        } finally {
            Parallelism.setThreads(previous);
        }
    }

    @Test
    void gradientsIndependentOfThreads() {
        // 20 images of 8 channels of 16 x 16 with a 3 x 3 kernel: enough to run on several threads.
        Tensor columns = random.normal(0, 1, 20, 72, 256);
        Tensor gradient = random.normal(0, 1, 20, 8, 256);
        Tensor weight = random.normal(0, 1, 8, 72);
        int previous = Parallelism.threads();
        try {
            Parallelism.setThreads(1);
            Tensor weightGradient = Convolution.weightGradient(columns, gradient);
            Tensor inputGradient = Convolution.inputGradient(weight, gradient, 8, 16, 16, 3, 3, 1, 1);
            Parallelism.setThreads(2);
            Tensor parallelWeightGradient = Convolution.weightGradient(columns, gradient);
            Tensor parallelInputGradient = Convolution.inputGradient(weight, gradient, 8, 16, 16, 3, 3, 1, 1);

            assertThat(parallelWeightGradient).isEqualTo(weightGradient);
            assertThat(parallelInputGradient).isEqualTo(inputGradient);
        } finally {
            Parallelism.setThreads(previous);
        }
    }

    @Test
    void columnShapeErrorsNameShapes() {
        assertThatThrownBy(() -> Convolution.multiplyColumns(Tensor.zeros(2, 9, 4), Tensor.zeros(3, 8), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: expected columns [B, K, P] and a weight [Co, K] with the same K, got shapes [2, 9, 4] and [3, 8]");
        assertThatThrownBy(() -> Convolution.multiplyColumns(Tensor.zeros(2, 9, 4), Tensor.zeros(3, 9), Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: the bias has shape [2] but the weight [3, 9] needs [3]");
        assertThatThrownBy(() -> Convolution.weightGradient(Tensor.zeros(2, 9, 4), Tensor.zeros(2, 3, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: expected columns [B, K, P] and an output gradient [B, Co, P] with the same B and P, "
                        + "got shapes [2, 9, 4] and [2, 3, 5]");
        assertThatThrownBy(() -> Convolution.biasGradient(Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: expected an output gradient [B, Co, P], got shape [2, 3]");
        assertThatThrownBy(() -> Convolution.inputGradient(Tensor.zeros(3, 9), Tensor.zeros(2, 3, 25), 2, 5, 5, 3, 3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: a weight [Co, 18] and an output gradient [B, Co, 25] are needed for a [B, 2, 5, 5] input and a 3x3 "
                        + "kernel with stride 1 and padding 1, got shapes [3, 9] and [2, 3, 25]");
        assertThatThrownBy(() -> Convolution.inputGradient(Tensor.zeros(3, 18), Tensor.zeros(2, 4, 25), 2, 5, 5, 3, 3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("got shapes [3, 18] and [2, 4, 25]");
    }

    @Test
    void outputSizeRoundsDown() {
        assertThat(Convolution.outputSize(9, 3, 1, 1)).isEqualTo(9);
        assertThat(Convolution.outputSize(9, 3, 2, 0)).isEqualTo(4);
        assertThat(Convolution.outputSize(8, 3, 2, 1)).isEqualTo(4);
    }

    @Test
    void shapeErrorsNameBothShapes() {
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(2, 3, 8, 8), Tensor.zeros(4, 1, 3, 3), null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: the input [2, 3, 8, 8] has 3 channels but the weight [4, 1, 3, 3] expects 1");
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(2, 3, 8), Tensor.zeros(4, 3, 3, 3), null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got shapes [2, 3, 8] and [4, 3, 3, 3]");
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(2, 1, 3, 3), Tensor.zeros(3), 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: the bias has shape [3] but the weight [2, 1, 3, 3] needs [2]");
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3), null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: kernel size 3 exceeds the padded input size 2");
    }
}
