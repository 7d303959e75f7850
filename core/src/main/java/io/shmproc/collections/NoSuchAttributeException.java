package io.shmproc.collections;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Thrown when a {@link SharedNamespace} is asked for an attribute it does not have, as Python raises
 * {@code AttributeError}. The message names the attribute and the attributes that exist.
 *
 * <pre>{@code
 * try {
 *     int workers = settings.getInt("workers");
 * } catch (NoSuchAttributeException missing) {
 *     settings.setIfAbsent(missing.attribute(), 4);
 * }
 * }</pre>
 */
public final class NoSuchAttributeException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;
    private static final int NAMES_SHOWN = 30;

    private final String attribute;
    private final List<String> existing;

    NoSuchAttributeException(String description, String attribute, List<String> existing) {
        super(description + " has no attribute '" + attribute + "'; " + describe(existing));
        this.attribute = attribute;
        this.existing = List.copyOf(existing);
    }

    private static String describe(List<String> names) {
        if (names.isEmpty()) {
            return "it has no attributes";
        }
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return "its attributes are " + shown + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
    }

    /** @return the name asked for */
    public String attribute() {
        return attribute;
    }

    /** @return the names the namespace had when the attribute was not found, sorted */
    public List<String> existing() {
        return existing;
    }
}
