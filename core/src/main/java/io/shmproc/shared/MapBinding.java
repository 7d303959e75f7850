package io.shmproc.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a struct built with {@link StructType#builder(String)} to maps from field name to value, the
 * way a ctypes {@code Structure} is read by attribute name. Fields a written map leaves out are zero.
 */
final class MapBinding implements StructBinding<Map<String, Object>> {
    private final List<String> names;

    MapBinding(List<String> names) {
        this.names = List.copyOf(names);
    }

    @Override
    public Object[] explode(Map<String, Object> value) {
        for (String key : value.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("the struct has no field '" + key + "'; its fields are " + names);
            }
        }
        Object[] fields = new Object[names.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = value.get(names.get(i));
        }
        return fields;
    }

    @Override
    public Map<String, Object> assemble(Object[] fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
            map.put(names.get(i), fields[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public Class<?> javaType() {
        return Map.class;
    }
}
