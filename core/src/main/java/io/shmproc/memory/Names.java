package io.shmproc.memory;

import java.nio.charset.StandardCharsets;

/** The rules for namespace and object names, which become file names. */
final class Names {
    private Names() {
    }

    /**
     * @param what "namespace" or "object", for the message
     * @throws IllegalArgumentException naming the problem and a fix
     */
    static String check(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name is empty: give a name such as 'counter'");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > DirectoryLayout.MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " name '" + name.substring(0, 20) + "...' is " + bytes
                    + " bytes long in UTF-8; the limit is " + DirectoryLayout.MAX_NAME_BYTES + ": use a shorter name");
        }
        if (name.startsWith(".")) {
            throw new IllegalArgumentException(what + " name '" + name
                    + "' starts with '.', which shmproc keeps for its own files: drop the leading dot");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException(what + " name '" + name + "' contains the path separator '" + c
                        + "': names are single file names; use '.', '-' or '_' to structure them");
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " name '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at index " + i + ": use printable characters only");
            }
        }
        return name;
    }
}
