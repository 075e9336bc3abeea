package l2l.learners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import l2l.tensor.Tensor;
import l2l.tensor.Tolerance;
import l2l.tensor.io.Json;

/** Reads the golden cases of one kind from the folder named by the system property {@code golden.dir}. */
final class GoldenFiles {

    record Case(Path file, Tolerance tolerance, Map<String, Object> config, Map<String, Tensor> inputs, Map<String, Tensor> expected) {

        double number(String key) {
            return ((Number) config.get(key)).doubleValue();
        }
    }

    private GoldenFiles() {
    }

    static Path folder() {
        Path folder = Paths.get(System.getProperty("golden.dir", "../shared/golden"));
        if (!folder.isAbsolute()) {
            String root = System.getProperty("l2l.root");
            folder = (root == null ? Paths.get("") : Paths.get(root)).resolve(folder);
        }
        return folder.toAbsolutePath().normalize();
    }

    @SuppressWarnings("unchecked")
    static List<Case> ofKind(String kind) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(file));
                if (!kind.equals(root.get("kind"))) {
                    continue;
                }
                Map<String, Object> tolerance = (Map<String, Object>) root.get("tolerance");
                cases.add(new Case(file, new Tolerance(((Number) tolerance.get("abs")).doubleValue(), ((Number) tolerance.get("rel")).doubleValue()),
                        (Map<String, Object>) root.get("config"), tensors(root.get("inputs")), tensors(root.get("expected"))));
            }
        }
        return cases;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> tensors(Object value) {
        Map<String, Tensor> result = new LinkedHashMap<>();
        ((Map<String, Object>) value).forEach((name, description) -> {
            Map<String, Object> fields = (Map<String, Object>) description;
            List<Object> shapeList = (List<Object>) fields.get("shape");
            List<Object> dataList = (List<Object>) fields.get("data");
            int[] shape = shapeList.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
            double[] data = dataList.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            result.put(name, Tensor.of(data, shape));
        });
        return result;
    }
}
