package io.shmproc.channel;

import io.shmproc.memory.Attacher;
import io.shmproc.memory.Namespace;
import java.io.NotSerializableException;
import java.io.Serializable;

/**
 * How a deserialised reference attaches a queue, a pipe, or one end of a pipe: with the codec it was
 * serialised with, which must therefore be {@link Serializable} (every built-in codec is).
 */
record ChannelAttacher(Kind kind, Codec<?> codec) implements Attacher<Object> {
    /** What is attached; a connection is its end of the pipe. */
    enum Kind { QUEUE, JOINABLE_QUEUE, SIMPLE_QUEUE, PIPE, FIRST_END, SECOND_END }

    /**
     * @param what the channel, named, for the message
     * @throws NotSerializableException if {@code codec} cannot travel
     */
    static ChannelAttacher of(Kind kind, Codec<?> codec, String what) throws NotSerializableException {
        if (!(codec instanceof Serializable)) {
            throw new NotSerializableException(what + " cannot be serialised by name: its codec " + codec + " ("
                    + codec.getClass().getName() + ") is not Serializable, and the process reading the reference"
                    + " needs it to attach; make the codec class implement java.io.Serializable, or use a codec"
                    + " from Codecs");
        }
        return new ChannelAttacher(kind, codec);
    }

    @Override
    public Object attach(Namespace ns, String name) {
        if (kind == null || codec == null) {
            throw new IllegalArgumentException("channel '" + name + "' was serialised without its kind or codec:"
                    + " the stream is damaged");
        }
        return switch (kind) {
            case QUEUE -> SharedQueue.attach(ns, name, codec);
            case JOINABLE_QUEUE -> JoinableQueue.attach(ns, name, codec);
            case SIMPLE_QUEUE -> SimpleQueue.attach(ns, name, codec);
            case PIPE -> Pipe.attach(ns, name, codec);
            case FIRST_END -> Pipe.attach(ns, name, codec).first();
            case SECOND_END -> Pipe.attach(ns, name, codec).second();
        };
    }
}
