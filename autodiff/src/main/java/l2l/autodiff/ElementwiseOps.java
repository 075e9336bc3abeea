package l2l.autodiff;

import l2l.tensor.Tensor;

/** Differentiable element-wise arithmetic, with broadcasting, and unary maps. */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    static Variable add(Variable a, Variable b) {
        return Graph.record("add", a.value().add(b.value()), (out, g, needs) -> new Variable[] {
            needs[0] ? Graph.sumTo(g, a.shape()) : null,
            needs[1] ? Graph.sumTo(g, b.shape()) : null}, a, b);
    }

    static Variable sub(Variable a, Variable b) {
        return Graph.record("sub", a.value().sub(b.value()), (out, g, needs) -> new Variable[] {
            needs[0] ? Graph.sumTo(g, a.shape()) : null,
            needs[1] ? Graph.sumTo(g.neg(), b.shape()) : null}, a, b);
    }

    static Variable mul(Variable a, Variable b) {
        return Graph.record("mul", a.value().mul(b.value()), (out, g, needs) -> new Variable[] {
            needs[0] ? Graph.sumTo(g.mul(b), a.shape()) : null,
            needs[1] ? Graph.sumTo(g.mul(a), b.shape()) : null}, a, b);
    }

    /** Returns {@code a / b}; the gradient with respect to b is {@code -g a / b^2}, computed as {@code -(g / b)(a / b)} so that b^2 cannot underflow. */
    static Variable div(Variable a, Variable b) {
        return Graph.record("div", a.value().div(b.value()), (out, g, needs) -> {
            Variable gOverB = g.div(b);
            return new Variable[] {
                needs[0] ? Graph.sumTo(gOverB, a.shape()) : null,
                needs[1] ? Graph.sumTo(gOverB.mul(a.div(b)).neg(), b.shape()) : null};
        }, a, b);
    }

    static Variable add(Variable a, double value) {
        return Graph.record("add", a.value().add(value), (out, g, needs) -> new Variable[] {g}, a);
    }

    static Variable mul(Variable a, double value) {
        return Graph.record("mul", a.value().mul(value), (out, g, needs) -> new Variable[] {g.mul(value)}, a);
    }

    static Variable div(Variable a, double value) {
        return Graph.record("div", a.value().div(value), (out, g, needs) -> new Variable[] {g.div(value)}, a);
    }

    static Variable neg(Variable a) {
        return Graph.record("neg", a.value().neg(), (out, g, needs) -> new Variable[] {g.neg()}, a);
    }

    static Variable exp(Variable a) {
        return Graph.record("exp", a.value().exp(), (out, g, needs) -> new Variable[] {g.mul(out)}, a);
    }

    static Variable log(Variable a) {
        return Graph.record("log", a.value().log(), (out, g, needs) -> new Variable[] {g.div(a)}, a);
    }

    /** Returns {@code tanh(a)}, whose derivative is {@code 1 - tanh(a)^2}. */
    static Variable tanh(Variable a) {
        return Graph.record("tanh", a.value().tanh(), (out, g, needs) -> new Variable[] {g.sub(g.mul(out.square()))}, a);
    }

    /** Returns {@code sigmoid(a)}, whose derivative is {@code s (1 - s)}. */
    static Variable sigmoid(Variable a) {
        return Graph.record("sigmoid", a.value().sigmoid(), (out, g, needs) -> {
            Variable gs = g.mul(out);
            return new Variable[] {gs.sub(gs.mul(out))};
        }, a);
    }

    /** Returns {@code max(a, 0)}; the gradient passes where {@code a > 0}, so it is 0 at the kink. */
    static Variable relu(Variable a) {
        return Graph.record("relu", a.value().relu(),
                (out, g, needs) -> new Variable[] {g.mul(Variable.constant(a.value().greaterThan(0)))}, a);
    }

    /** Returns {@code |a|}; the gradient is {@code sign(a)}, so it is 0 at 0. */
    static Variable abs(Variable a) {
        return Graph.record("abs", a.value().abs(), (out, g, needs) -> new Variable[] {g.mul(Variable.constant(a.value().sign()))}, a);
    }

    /** Returns {@code sign(a)}, whose gradient is 0 wherever it exists. */
    static Variable sign(Variable a) {
        return Graph.record("sign", a.value().sign(), (out, g, needs) -> new Variable[] {null}, a);
    }

    /** Returns {@code sqrt(a)}; the gradient {@code g / (2 sqrt(a))} throws where a is 0, because it is infinite there. */
    static Variable sqrt(Variable a) {
        return Graph.record("sqrt", a.value().sqrt(), (out, g, needs) -> new Variable[] {g.div(out.mul(2.0))}, a);
    }

    static Variable square(Variable a) {
        return Graph.record("square", a.value().square(), (out, g, needs) -> new Variable[] {g.mul(a).mul(2.0)}, a);
    }

    /** Returns a clamped to {@code [min, max]}; the gradient passes where {@code min <= a <= max}. */
    static Variable clamp(Variable a, double min, double max) {
        Tensor value = a.value().clamp(min, max);
        return Graph.record("clamp", value, (out, g, needs) -> {
            Tensor inside = a.value().greaterThan(Math.nextDown(min)).mul(a.value().neg().greaterThan(-Math.nextUp(max)));
            return new Variable[] {g.mul(Variable.constant(inside))};
        }, a);
    }
}
