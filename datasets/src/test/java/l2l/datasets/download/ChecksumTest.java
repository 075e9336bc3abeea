package l2l.datasets.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {

    @TempDir
    Path folder;

    @Test
    void digestsMatchKnownValues() throws IOException {
        Path abc = Files.writeString(folder.resolve("abc"), "abc");

        // Test vectors of FIPS 180-2 (SHA-256) and RFC 1321 (MD5) for the message "abc".
        assertThat(Checksum.sha256("0".repeat(64)).compute(abc))
                .isEqualTo(Checksum.sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        assertThat(Checksum.md5("0".repeat(32)).compute(abc)).isEqualTo(Checksum.md5("900150983cd24fb0d6963f7d28e17f72"));
    }

    @Test
    void upperCaseHexIsNormalised() {
        assertThat(Checksum.md5("900150983CD24FB0D6963F7D28E17F72").hex()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(Checksum.md5("900150983cd24fb0d6963f7d28e17f72")).hasToString("MD5 900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void wrongLengthIsRejected() {
        assertThatThrownBy(() -> Checksum.sha256("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Checksum: a SHA-256 digest is 64 hexadecimal digits, got 'abc'");
    }

    @Test
    void unknownAlgorithmIsRejected() {
        assertThatThrownBy(() -> new Checksum("CRC-7", "00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown digest algorithm 'CRC-7'");
    }
}
