package io.shmproc.shared;

/**
 * A value is larger than the slot of a {@link ShareableList} it was to be stored in. Nothing was
 * changed: the slot keeps its value. Extends {@link IllegalArgumentException}, as Python's
 * {@code ShareableList} raises {@code ValueError} here.
 *
 * <pre>{@code
 * try {
 *     names.set(0, "a much longer name than before");
 * } catch (ValueTooLargeException e) {
 *     // "slot 0 of shareable list 'names' holds at most 8 bytes, but the new value (a String) is 30 bytes; ..."
 *     log.warn(e.valueBytes() + " > " + e.slotBytes());
 * }
 * }</pre>
 */
public final class ValueTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long valueBytes;
    private final long slotBytes;

    /**
     * @param list       how the list is named in messages, such as "shareable list 'names'"
     * @param index      the slot
     * @param what       the value's type as users know it, such as "a String"
     * @param valueBytes the value's encoded length
     * @param slotBytes  the most the slot holds
     */
    ValueTooLargeException(String list, int index, String what, long valueBytes, long slotBytes) {
        super("slot " + index + " of " + list + " holds at most " + slotBytes + " bytes, but the new value (" + what
                + ") is " + valueBytes + " bytes; nothing was changed: store a shorter value, or create the list with"
                + " ShareableList.create(ns, name, values, minimumSlotBytes) to reserve room for longer ones");
        this.valueBytes = valueBytes;
        this.slotBytes = slotBytes;
    }

    /** @return the refused value's length in bytes (UTF-8 for a String) */
    public long valueBytes() {
        return valueBytes;
    }

    /** @return the most the slot holds, in bytes */
    public long slotBytes() {
        return slotBytes;
    }
}
