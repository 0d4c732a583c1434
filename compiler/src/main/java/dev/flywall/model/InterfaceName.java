package dev.flywall.model;

import java.util.regex.Pattern;

/** Linux network interface names: 1–15 characters of {@code [A-Za-z0-9_.-]}, not "." or "..". */
public final class InterfaceName {

    /** IFNAMSIZ is 16 including the terminating NUL. */
    public static final int MAX_LENGTH = 15;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private InterfaceName() {}

    public static boolean isValid(String name) {
        return VALID.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** Why a name is invalid, as a sentence, or null when it is valid. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "An interface name cannot be empty.";
        }
        if (name.length() > MAX_LENGTH) {
            return "Linux interface names are at most " + MAX_LENGTH + " characters; \"" + name + "\" has "
                    + name.length() + ".";
        }
        if (name.equals(".") || name.equals("..")) {
            return "\".\" and \"..\" are not valid interface names.";
        }
        if (!VALID.matcher(name).matches()) {
            return "Linux interface names may only hold letters, digits, \"_\", \".\" and \"-\".";
        }
        return null;
    }
}
