package io.shmproc.shared;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import io.shmproc.memory.SharedObject;
import java.util.function.BiFunction;

/**
 * How a deserialised reference attaches each value and array type of this package. An enum, so that
 * the stream names one class that filters can admit, and a constant is read back as itself.
 */
enum SharedAttachers implements Attacher<SharedObject> {
    BOOLEAN(SharedBoolean::attach), BYTE(SharedByte::attach), SHORT(SharedShort::attach), CHAR(SharedChar::attach),
    INT(SharedInt::attach), LONG(SharedLong::attach), FLOAT(SharedFloat::attach), DOUBLE(SharedDouble::attach),
    BOOLEAN_ARRAY(SharedBooleanArray::attach), BYTE_ARRAY(SharedByteArray::attach),
    SHORT_ARRAY(SharedShortArray::attach), CHAR_ARRAY(SharedCharArray::attach), INT_ARRAY(SharedIntArray::attach),
    LONG_ARRAY(SharedLongArray::attach), FLOAT_ARRAY(SharedFloatArray::attach),
    DOUBLE_ARRAY(SharedDoubleArray::attach), BYTE_STRING(SharedByteString::attach),
    SHAREABLE_LIST(ShareableList::attach);

    /** Not serialised: an enum constant travels as its name. */
    private final transient BiFunction<Namespace, String, ? extends SharedObject> attach;

    SharedAttachers(BiFunction<Namespace, String, ? extends SharedObject> attach) {
        this.attach = attach;
    }

    @Override
    public SharedObject attach(Namespace ns, String name) {
        return attach.apply(ns, name);
    }
}
