package l2l.datasets.idx;

import java.util.Optional;

/** The element types of the IDX format, with the type code that the third magic-number byte stores. */
public enum IdxType {
    UNSIGNED_BYTE(0x08, 1),
    SIGNED_BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    private final int code;
    private final int size;

    IdxType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    /** Returns the type code, such as {@code 0x08} for unsigned bytes. */
    public int code() {
        return code;
    }

    /** Returns the size of one element in bytes. */
    public int size() {
        return size;
    }

    /** Returns the type with this code, or empty when the code is not an IDX type. */
    public static Optional<IdxType> fromCode(int code) {
        for (IdxType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Returns the code and name, for example {@code 0x08 (unsigned byte)}. */
    @Override
    public String toString() {
        return String.format("0x%02X (%s)", code, name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
}
