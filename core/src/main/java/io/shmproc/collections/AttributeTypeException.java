package io.shmproc.collections;

/**
 * Thrown when an attribute of a {@link SharedNamespace} is read or updated as a type it does not have:
 * {@code getInt} of a {@code long}, {@code get(name, String.class)} of a {@code byte[]}. The message names
 * the attribute, the type it has and the type asked for. Nothing is converted and nothing changes.
 *
 * <pre>{@code
 * settings.set("timeout", 30L);
 * settings.getInt("timeout");   // AttributeTypeException: ... 'timeout' ... is a long, not an int ...
 * settings.getLong("timeout");  // 30
 * }</pre>
 */
public final class AttributeTypeException extends ClassCastException {
    private static final long serialVersionUID = 1L;

    private final String attribute;
    private final String actualType;
    private final String requestedType;

    AttributeTypeException(String description, String attribute, String actualType, String requestedType) {
        super("attribute '" + attribute + "' of " + description + " is " + article(actualType) + ", not "
                + article(requestedType) + ": read it as " + article(actualType) + " (get(name) returns any type)");
        this.attribute = attribute;
        this.actualType = actualType;
        this.requestedType = requestedType;
    }

    private static String article(String type) {
        return ("aeiouAEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /** @return the attribute's name */
    public String attribute() {
        return attribute;
    }

    /** @return the type the attribute has, as {@code int}, {@code String}, {@code byte[]} or a class name */
    public String actualType() {
        return actualType;
    }

    /** @return the type it was asked for, named the same way */
    public String requestedType() {
        return requestedType;
    }
}
