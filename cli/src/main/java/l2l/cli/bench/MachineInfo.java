package l2l.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the machine a benchmark runs on: CPU model, cores, Java and load. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** Returns the CPU model from {@code /proc/cpuinfo}, or "unknown CPU" where that file does not exist. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
        return "unknown CPU";
    }

    /** Returns the 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
    static String loadAverages() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/loadavg"));
            String[] fields = lines.isEmpty() ? new String[0] : lines.get(0).split(" ");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String describe() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + " ("
                + System.getProperty("java.vm.name") + "), load averages " + loadAverages();
    }
}
