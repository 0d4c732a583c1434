package dev.flywall.diag;

/**
 * The stable diagnostic codes. A code never changes meaning once released; retired codes are
 * not reused. {@code docs/diagnostics.md} lists them (a test keeps it in step).
 */
public enum Code {
    // E00xx: reading input
    E0001("E0001", "Cannot read file", "A configuration file could not be read."),
    E0002("E0002", "Invalid UTF-8", "A configuration file is not valid UTF-8 text."),

    // E01xx: syntax
    E0101("E0101", "Invalid character", "A character that HCL does not allow outside strings and comments."),
    E0102("E0102", "Unterminated string", "A quoted string is not closed on its line."),
    E0103("E0103", "Unterminated heredoc", "A heredoc has no closing marker line."),
    E0104("E0104", "Unclosed bracket", "A brace, bracket or parenthesis is not closed."),
    E0105("E0105", "Unexpected closing bracket", "A closing brace, bracket or parenthesis that closes nothing."),
    E0106("E0106", "Missing equals sign", "An argument name is not followed by '='."),
    E0107("E0107", "Missing expression", "An expression was expected but something else was found."),
    E0108("E0108", "Missing newline", "An argument or block must end with a newline."),
    E0109("E0109", "Invalid block definition", "A block header or single-line block is malformed."),
    E0110("E0110", "Invalid block label", "Block labels must be quoted strings or identifiers without interpolation."),
    E0111("E0111", "Invalid escape sequence", "A backslash escape in a quoted string is not one HCL knows."),
    E0112("E0112", "Unexpected token", "A token that cannot appear at this place."),
    E0113("E0113", "Missing separator", "Items of a tuple, object or argument list are not separated."),
    E0114("E0114", "Invalid template directive", "A %{...} directive is malformed or not closed."),
    E0115("E0115", "Invalid for expression", "A for expression is malformed."),
    E0116("E0116", "Duplicate argument", "An argument is set twice in the same block."),
    E0117("E0117", "Nesting too deep", "Brackets are nested deeper than flywall accepts."),
    E0118("E0118", "Invalid number", "A number literal is malformed."),
    E0119("E0119", "Unterminated comment", "A /* comment is not closed."),

    // E02xx: evaluation
    E0201("E0201", "Unknown variable", "A reference names no variable, local or iteration symbol."),
    E0202("E0202", "Unknown function", "A call names a function flywall does not provide."),
    E0203("E0203", "Invalid function argument", "A function was called with wrong arguments."),
    E0204("E0204", "Type mismatch", "An operator or construct got a value of the wrong type."),
    E0205("E0205", "Invalid index", "An index or attribute does not exist in the value."),
    E0206("E0206", "Division by zero", "A division or remainder by zero."),
    E0207("E0207", "Cyclic reference", "Locals refer to each other in a cycle."),
    E0208("E0208", "Invalid variable", "A variable block or --var value is malformed, duplicated or missing."),
    E0209("E0209", "Duplicate key", "An object constructor or for expression produced the same key twice.");

    private final String id;
    private final String title;
    private final String description;

    Code(String id, String title, String description) {
        this.id = id;
        this.title = title;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }
}
