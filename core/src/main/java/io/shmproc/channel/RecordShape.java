package io.shmproc.channel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.stream.Collectors;
import org.agrona.MutableDirectBuffer;

/**
 * The components of one record class in declaration order, and the constructor call that reads them
 * back. A message is the components one after another, with no header and no padding: primitives in
 * their fixed sizes, then whatever each {@link ValueCodec} writes.
 *
 * <p>Decoding calls the canonical constructor through one method handle of type
 * {@code (MessageReader)Object} that reads each argument with the component's own typed reader, in
 * order, so decoding boxes no primitive and fills no argument array.
 */
final class RecordShape {
    private final String descriptor;
    private final ComponentCodec[] components;
    /** The components whose size depends on the value; the others add up to {@link #fixedLength}. */
    private final ReferenceComponent[] variable;
    private final int fixedLength;
    /** {@code (MessageReader)Object}: reads every component and calls the canonical constructor. */
    private final MethodHandle construct;

    /**
     * @param canonical the record's canonical constructor, typed {@code (T1..Tn)R} as declared
     */
    RecordShape(Class<?> type, List<ComponentCodec> components, MethodHandle canonical) {
        this.components = components.toArray(ComponentCodec[]::new);
        this.variable = components.stream().filter(ReferenceComponent.class::isInstance)
                .map(ReferenceComponent.class::cast).toArray(ReferenceComponent[]::new);
        this.fixedLength = components.stream().filter(PrimitiveComponent.class::isInstance)
                .mapToInt(c -> ((PrimitiveComponent) c).kind().size()).sum();
        this.descriptor = "record:" + type.getSimpleName()
                + components.stream().map(ComponentCodec::descriptor).collect(Collectors.joining(",", "{", "}"));
        this.construct = readingEachArgument(canonical.asType(canonical.type().changeReturnType(Object.class)));
    }

    /**
     * Turns {@code (T1..Tn)Object} into {@code (MessageReader)Object}. Folding from the last argument to
     * the first makes the first component's reader the outermost, so the readers run in component order.
     */
    private MethodHandle readingEachArgument(MethodHandle constructor) {
        int n = components.length;
        MethodHandle call = MethodHandles.dropArguments(constructor, n, MessageReader.class);
        for (int i = n - 1; i >= 0; i--) {
            call = MethodHandles.foldArguments(call, i, components[i].reader());
        }
        return call.asType(MethodType.methodType(Object.class, MessageReader.class));
    }

    /** @return e.g. {@code record:Tick{time:int64,price:float64,name:string}}, nested shapes written out */
    String descriptor() {
        return descriptor;
    }

    /** @return exactly how many bytes {@link #write} writes for {@code record} */
    long length(Object record) throws Throwable {
        long length = fixedLength;
        for (ReferenceComponent component : variable) {
            length += component.length(record);
        }
        return length;
    }

    /** @return the index just after the record's last component */
    int write(Object record, MutableDirectBuffer buffer, int offset) throws Throwable {
        int at = offset;
        for (ComponentCodec component : components) {
            at = component.write(record, buffer, at);
        }
        return at;
    }

    /** @return a new record of the components read from {@code in} */
    Object read(MessageReader in) throws Throwable {
        return (Object) construct.invokeExact(in);
    }
}
