/*
 * Lexer for HCL2 native syntax (hashicorp/hcl hclsyntax).
 *
 * Three modes: expressions (default), quoted templates and heredoc templates. Template
 * interpolations and directives re-enter the default mode and leave it on their closing brace;
 * HclLexerBase keeps the bracket stack that decides this and whether a newline is significant
 * (it is not inside parentheses, brackets and interpolations). Heredoc end markers are matched
 * in HclLexerBase because they depend on the opening marker's name.
 */
lexer grammar HclLexer;

options { superClass = HclLexerBase; }

channels { ERRORS }

tokens { HEREDOC_END }

@members {
    @Override protected int heredocEndType() { return HEREDOC_END; }
    @Override protected int heredocMode() { return HEREDOC; }
}

// ---------------------------------------------------------------- whitespace and comments
NEWLINE       : '\r'? '\n' { onNewline(); } ;
WS            : [ \t]+ { trivia(); } ;
LINE_COMMENT  : ('#' | '//') ~[\r\n]* { trivia(); } ;
BLOCK_COMMENT : '/*' .*? ('*/' | EOF) -> channel(HIDDEN) ;

// ---------------------------------------------------------------- heredoc opening
HEREDOC_START : '<<' '-'? ID_START ID_CONTINUE* '\r'? '\n' { startHeredoc(); } ;

// ---------------------------------------------------------------- literals and keywords
NUMBER : DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)? ;
TRUE   : 'true' ;
FALSE  : 'false' ;
NULL   : 'null' ;
FOR    : 'for' ;
IN     : 'in' ;
IF     : 'if' ;
ELSE   : 'else' ;
ENDIF  : 'endif' ;
ENDFOR : 'endfor' ;
IDENT  : ID_START ID_CONTINUE* ;

// ---------------------------------------------------------------- punctuation
LBRACE   : '{' { openBracket('{'); } ;
RBRACE   : '}' { closeBracket('{'); } ;
LBRACK   : '[' { openBracket('['); } ;
RBRACK   : ']' { closeBracket('['); } ;
LPAREN   : '(' { openBracket('('); } ;
RPAREN   : ')' { closeBracket('('); } ;
ELLIPSIS : '...' ;
DCOLON   : '::' ;
ARROW    : '=>' ;
EQEQ     : '==' ;
NEQ      : '!=' ;
LE       : '<=' ;
GE       : '>=' ;
AND      : '&&' ;
OR       : '||' ;
EQ       : '=' ;
LT       : '<' ;
GT       : '>' ;
NOT      : '!' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;
QUESTION : '?' ;
COLON    : ':' ;
COMMA    : ',' ;
DOT      : '.' ;
TILDE    : '~' ;
OQUOTE   : '"' -> pushMode(TEMPLATE) ;

// anything else is reported by the parser front end and otherwise ignored
INVALID  : . -> channel(ERRORS) ;

// ---------------------------------------------------------------- quoted templates
mode TEMPLATE;

CQUOTE              : '"' -> popMode ;
TEMPLATE_INTERP     : '${' { openInterpolation(); } ;
TEMPLATE_DIRECTIVE  : '%{' { openInterpolation(); } ;
TEMPLATE_LITERAL    : ( ~["$%\\\r\n] | '\\' ~[\r\n] | '$${' | '%%{' )+ ;
TEMPLATE_SIGIL      : [$%\\] -> type(TEMPLATE_LITERAL) ;
// a quoted string may not span lines: the newline ends it (the parser reports the missing quote)
TEMPLATE_NEWLINE    : '\r'? '\n' { unterminatedQuote(); } -> type(NEWLINE) ;
// a carriage return without a line feed is text
TEMPLATE_CR         : '\r' -> type(TEMPLATE_LITERAL) ;

// ---------------------------------------------------------------- heredoc templates
mode HEREDOC;

HEREDOC_INTERP      : '${' { openInterpolation(); } -> type(TEMPLATE_INTERP) ;
HEREDOC_DIRECTIVE   : '%{' { openInterpolation(); } -> type(TEMPLATE_DIRECTIVE) ;
HEREDOC_LITERAL     : ( ~[$%\r\n] | '$${' | '%%{' )+ -> type(TEMPLATE_LITERAL) ;
HEREDOC_SIGIL       : [$%] -> type(TEMPLATE_LITERAL) ;
HEREDOC_NEWLINE     : '\r'? '\n' { heredocLineEnd(); } -> type(TEMPLATE_LITERAL) ;
HEREDOC_CR          : '\r' -> type(TEMPLATE_LITERAL) ;

// ---------------------------------------------------------------- fragments
fragment DIGIT       : [0-9] ;
fragment ID_START    : [\p{ID_Start}_] ;
fragment ID_CONTINUE : [\p{ID_Continue}-] ;
