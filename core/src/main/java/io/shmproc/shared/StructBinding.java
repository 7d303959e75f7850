package io.shmproc.shared;

/** Converts between a Java struct value and its field values, in field order. */
interface StructBinding<T> {
    /** @return the field values of {@code value}, in field order */
    Object[] explode(T value);

    /** @return a value made of {@code fields}, in field order */
    T assemble(Object[] fields);

    /** @return the Java type of values, for error messages and casts */
    Class<?> javaType();
}
