#!/usr/bin/env python3
"""Groups the samples of `perf script` output by the part of l2l they fell in, and prints a
Markdown table of each group's share, one column per profile.

Usage: bench/profile-groups.py LABEL=FILE [LABEL=FILE ...]

Each FILE is the text that `perf script` printed for a `perf record -g` of an l2l process run with
`-XX:+DumpPerfMapAtExit`, so that the JIT's methods have names. A sample counts once, for the
first rule below that it matches:

1. Its thread: the garbage collector and other VM threads, or the JIT compiler threads.
2. Its stack, from the innermost frame out. The first frame that a group claims decides the
   group. A product kernel (GemmKernel, MatrixProduct, ojAlgo) goes to the kernel that called it,
   found further out: the LSTM cell, the convolutions, or any other caller. A tanh of VectorMath
   goes to the LSTM cell when the cell called it, else to the element-wise operations. An array
   copy or other JVM stub goes to the LSTM cell when the cell called it. Frames of Parallelism
   are skipped, so that a loop the JIT inlined into Parallelism.forEachBlock counts for the
   kernel that started it. The interpreter claims a sample only when it ran the innermost frame.

The JIT's map names compiled methods only, so code that the JIT inlined into a method counts for
that method: a product or an activation inlined into the LSTM cell counts as other cell code.
"""

import re
import sys
from collections import Counter

LSTM_PRODUCTS = "products of the LSTM cell"
GATE_ACTIVATION = "LSTM gate activation (`VectorMath.affineSigmoidRows`)"
CELL_TANH = "`tanh(c')` and `h' = o tanh(c')` of the LSTM cell (`VectorMath.tanh`, `multiplyTanh`)"
LSTM_CELL = "other LSTM cell code (`LstmKernels`: row copies, cell update, gate gradients, inlined code)"
CONVOLUTION_PRODUCTS = "products of the convolutions"
CONVOLUTION = "convolution copies (im2col, col2im) and loops"
BATCH_NORM = "batch normalisation"
POOLING = "pooling"
OTHER_PRODUCTS = "other products (learner, meta-learner cell, output layer)"
ELEMENTWISE = "element-wise operations, reductions, layout, preprocessing"
ZEROING = "zeroing of new memory (`memset`, the kernel's `clear_page`)"
COPIES = "array copies and other JVM stubs outside the LSTM cell (`StubRoutines`, `memmove`)"
AUTODIFF = "autodiff graph"
INTERPRETER = "interpreter"
OTHER_L2L = "other l2l code (meta-learner, learners, benchmark loop)"
JIT = "JIT compiler threads"
GC = "garbage collector and VM threads"
OTHER = "everything else"

ORDER = [LSTM_PRODUCTS, GATE_ACTIVATION, CELL_TANH, LSTM_CELL, CONVOLUTION_PRODUCTS, CONVOLUTION, BATCH_NORM, POOLING,
         OTHER_PRODUCTS, ELEMENTWISE, ZEROING, COPIES, AUTODIFF, OTHER_L2L, INTERPRETER, JIT, GC, OTHER]

CELL_PREFIX = "l2l.tensor.LstmKernels"
PRODUCT_FRAMES = ("l2l.tensor.GemmKernel.", "l2l.tensor.MatrixProduct.", "org.ojalgo.")
TANH_FRAMES = ("l2l.tensor.VectorMath.tanh", "l2l.tensor.VectorMath.multiplyTanh")
# Claims of a frame that is not a product, tried in this order, so the first prefix found wins.
FRAME_GROUPS = [
    ("l2l.tensor.VectorMath.affineSigmoidRows", GATE_ACTIVATION),
    (CELL_PREFIX, LSTM_CELL),
    ("l2l.tensor.Convolution", CONVOLUTION),
    ("l2l.tensor.BatchNormKernels", BATCH_NORM),
    ("l2l.tensor.Pooling", POOLING),
    ("l2l.tensor.Elementwise", ELEMENTWISE),
    ("l2l.tensor.VectorMath", ELEMENTWISE),
    ("l2l.tensor.Reductions", ELEMENTWISE),
    ("l2l.tensor.Layout", ELEMENTWISE),
    ("l2l.tensor.GradientPreprocessing", ELEMENTWISE),
    ("l2l.tensor.Tensor", ELEMENTWISE),
    ("l2l.autodiff.", AUTODIFF),
]
ZEROING_FRAMES = re.compile(r"memset|clear_page")
COPY_FRAMES = re.compile(r"memmove|memcpy|arraycopy|StubRoutines")
GC_THREADS = re.compile(r"^(GC Thread|VM Thread|VM Periodic|G1 |ParGC|Service Thread)")
JIT_THREADS = re.compile(r"^C[12] CompilerThre")

HEADER = re.compile(r"^(?P<comm>.*?)\s+(?P<tid>\d+)\s+(?P<time>\d+\.\d+):")
FRAME = re.compile(r"^\s*[0-9a-f]+\s+(?P<symbol>.*?)\s+\((?P<module>[^()]*)\)$")
JAVA_METHOD = re.compile(r"(?:^|\s)(?P<name>[\w.$/]+)\(")


def frame_name(symbol):
    """Return `package.Class.method` for a Java frame, the bare symbol for a native one."""
    symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
    match = JAVA_METHOD.search(symbol)
    return match.group("name") if match else symbol


def called_by_cell(frames):
    """Return whether the LSTM cell's kernels are among these outer frames."""
    return any(name.startswith(CELL_PREFIX) for name in frames)


def caller_of_product(frames):
    """Return the group of a product kernel's sample: that of the kernel further out that called it."""
    for name in frames:
        if name.startswith(CELL_PREFIX):
            return LSTM_PRODUCTS
        if name.startswith("l2l.tensor.Convolution"):
            return CONVOLUTION_PRODUCTS
    return OTHER_PRODUCTS


def classify(thread, frames):
    """Return the group of one sample, whose frames run from the innermost out."""
    if GC_THREADS.match(thread):
        return GC
    if JIT_THREADS.match(thread):
        return JIT
    for index, name in enumerate(frames):
        if name.startswith(PRODUCT_FRAMES):
            return caller_of_product(frames[index + 1:])
        if name.startswith(TANH_FRAMES):
            return CELL_TANH if called_by_cell(frames[index + 1:]) else ELEMENTWISE
        if name.startswith("l2l.tensor.Parallelism"):
            continue
        if ZEROING_FRAMES.search(name):
            return ZEROING
        if COPY_FRAMES.search(name):
            return LSTM_CELL if called_by_cell(frames[index + 1:]) else COPIES
        if name == "Interpreter":
            if index == 0:
                return INTERPRETER
            continue
        for prefix, group in FRAME_GROUPS:
            if name.startswith(prefix):
                return group
        if name.startswith("l2l."):
            return OTHER_L2L
    return OTHER


def read_samples(path):
    """Yield (thread name, frame names from the innermost out) for every sample in the file."""
    thread, frames = None, []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if thread is not None:
                    yield thread, frames
                thread, frames = None, []
                continue
            if thread is None:
                header = HEADER.match(line)
                if header is None:
                    raise ValueError(f"{path}: expected a sample header such as 'java 1234 56.789: ...', got {line[:80]!r}; "
                                     "give the text that 'perf script' prints")
                thread = header.group("comm")
                continue
            frame = FRAME.match(line)
            if frame is not None:
                frames.append(frame_name(frame.group("symbol")))
    if thread is not None:
        yield thread, frames


def main(arguments):
    if not arguments or any(argument in ("-h", "--help") for argument in arguments):
        print(__doc__.strip())
        return 0 if arguments else 2
    profiles = []
    for argument in arguments:
        if argument.startswith("-"):
            print(f"profile-groups: unknown option {argument!r}; see --help", file=sys.stderr)
            return 2
        label, separator, path = argument.partition("=")
        if not separator or not label or not path:
            print(f"profile-groups: expected LABEL=FILE, such as 'workload 1=workload-1.txt', got {argument!r}",
                  file=sys.stderr)
            return 2
        try:
            counts = Counter(classify(thread, frames) for thread, frames in read_samples(path))
        except OSError as error:
            print(f"profile-groups: cannot read {path}: {error.strerror}", file=sys.stderr)
            return 1
        except ValueError as error:
            print(f"profile-groups: {error}", file=sys.stderr)
            return 1
        if not counts:
            print(f"profile-groups: {path} contains no samples; was the profile started after its process ended?",
                  file=sys.stderr)
            return 1
        profiles.append((label, counts))

    print("| functions | " + " | ".join(label for label, _ in profiles) + " |")
    print("| --- | " + " | ".join("---:" for _ in profiles) + " |")
    for group in ORDER:
        if all(counts[group] == 0 for _, counts in profiles):
            continue
        cells = []
        for _, counts in profiles:
            share = 100.0 * counts[group] / sum(counts.values())
            cells.append(f"{share:.1f}%" if counts[group] else "-")
        print(f"| {group} | " + " | ".join(cells) + " |")
    print("| samples | " + " | ".join(f"{sum(counts.values()):,}" for _, counts in profiles) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
