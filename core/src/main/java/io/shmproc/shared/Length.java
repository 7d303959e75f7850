package io.shmproc.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The fixed length of a record component that a C struct holds inline: the element count of an array
 * ({@code int[]}, {@code double[]}, an array of records, ...) or the byte capacity of a
 * {@code String}, stored as UTF-8 padded with NULs like a C {@code char[n]}.
 *
 * <pre>{@code
 * record Sample(@Length(16) String label, @Length(3) double[] xyz, long nanos) {}
 * StructType<Sample> type = StructType.of(Sample.class);   // 16 + 24 + 8 = 48 bytes
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Length {
    /** @return the element count of an array, or the byte capacity of a string; at least 1 */
    int value();
}
