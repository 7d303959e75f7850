package io.shmproc.channel;

import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;

/**
 * The filter of one decoding stream: lets through the classes of an {@link AllowList} and graphs within
 * the limits, and remembers why it refused, since the stream's own exception says only "REJECTED".
 */
final class DecodeFilter implements ObjectInputFilter {
    private final AllowList allowList;
    private final long maxDepth;
    private final long maxReferences;
    private final long maxArrayLength;
    private Class<?> refusedClass;
    private String exceededLimit;

    DecodeFilter(AllowList allowList, long maxDepth, long maxReferences, long maxArrayLength) {
        this.allowList = allowList;
        this.maxDepth = maxDepth;
        this.maxReferences = maxReferences;
        this.maxArrayLength = maxArrayLength;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type != null && (Proxy.isProxyClass(type) || !allowList.allows(type))) {
            refusedClass = type;
            return Status.REJECTED;
        }
        if (info.depth() > maxDepth) {
            return exceeded("the object graph is nested deeper than maxDepth=" + maxDepth);
        }
        if (info.references() > maxReferences) {
            return exceeded("the message holds more than maxReferences=" + maxReferences + " objects and references");
        }
        if (info.arrayLength() > maxArrayLength) {
            return exceeded("it holds an array of " + info.arrayLength() + " elements, more than maxArrayLength="
                    + maxArrayLength + " (or than the message has bytes)");
        }
        return Status.ALLOWED;
    }

    private Status exceeded(String limit) {
        exceededLimit = limit;
        return Status.REJECTED;
    }

    /** @return the class refused, or null if none was */
    Class<?> refusedClass() {
        return refusedClass;
    }

    /** @return which limit the message exceeded, or null if none */
    String exceededLimit() {
        return exceededLimit;
    }
}
