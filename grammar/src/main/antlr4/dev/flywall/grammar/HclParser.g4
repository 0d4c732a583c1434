/*
 * Parser for HCL2 native syntax (hashicorp/hcl hclsyntax/spec.md).
 *
 * Newlines reach this parser only where HCL gives them meaning: they end arguments and blocks
 * and separate object elements. HclLexerBase hides them inside (), [] and ${}.
 */
parser grammar HclParser;

options { tokenVocab = HclLexer; contextSuperClass = HclContext; }

// ---------------------------------------------------------------- structure
configFile : NEWLINE* bodyItem* EOF ;

bodyItem
    : attribute
    | block
    ;

attribute : identifier EQ expression terminator ;

block : identifier blockLabel* LBRACE blockBody RBRACE terminator ;

blockLabel
    : quotedTemplate   #stringLabel
    | identifier       #identLabel
    ;

blockBody
    : NEWLINE+ bodyItem*        #multiLineBody
    | oneLineAttribute?         #oneLineBody
    ;

oneLineAttribute : identifier EQ expression ;

terminator : NEWLINE+ | EOF ;

// ---------------------------------------------------------------- expressions
expression
    : exprTerm                                                          #termExpr
    | op=(MINUS | NOT) operand=expression                               #unaryExpr
    | left=expression op=(STAR | SLASH | PERCENT) right=expression      #binaryExpr
    | left=expression op=(PLUS | MINUS) right=expression                #binaryExpr
    | left=expression op=(LT | GT | LE | GE) right=expression           #binaryExpr
    | left=expression op=(EQEQ | NEQ) right=expression                  #binaryExpr
    | left=expression op=AND right=expression                           #binaryExpr
    | left=expression op=OR right=expression                            #binaryExpr
    | <assoc=right> cond=expression QUESTION yes=expression COLON no=expression  #conditionalExpr
    ;

exprTerm
    : literalValue                                  #literalTerm
    | quotedTemplate                                #quotedTemplateTerm
    | heredocTemplate                               #heredocTerm
    | forTupleExpr                                  #forTupleTerm
    | forObjectExpr                                 #forObjectTerm
    | tuple                                         #tupleTerm
    | object                                        #objectTerm
    | functionCall                                  #functionCallTerm
    | identifier                                    #variableTerm
    | LPAREN expression RPAREN                      #parenTerm
    | exprTerm LBRACK expression RBRACK             #indexTerm
    | exprTerm DOT identifier                       #getAttrTerm
    | exprTerm DOT NUMBER                           #legacyIndexTerm
    | exprTerm DOT STAR attrSplatStep*              #attrSplatTerm
    | exprTerm LBRACK STAR RBRACK fullSplatStep*    #fullSplatTerm
    ;

attrSplatStep
    : DOT identifier                #splatGetAttr
    | DOT NUMBER                    #splatLegacyIndex
    ;

// Everything after [*] belongs to the splat, nested splats included (hclsyntax): a[*].b[*] is
// a[*].(b[*]), and a .* step takes the attribute steps that follow it.
fullSplatStep
    : DOT identifier                #fullSplatGetAttr
    | DOT NUMBER                    #fullSplatLegacyIndex
    | LBRACK expression RBRACK      #fullSplatIndex
    | LBRACK STAR RBRACK            #fullSplatNested
    | DOT STAR                      #fullSplatAttrSplat
    ;

literalValue : NUMBER | TRUE | FALSE | NULL ;

tuple : LBRACK (expression (COMMA expression)* COMMA?)? RBRACK ;

object : LBRACE NEWLINE* (objectElem (objectSep objectElem)* objectSep?)? RBRACE ;

objectSep : COMMA NEWLINE* | NEWLINE+ ;

objectElem : key=expression (EQ | COLON) value=expression ;

functionCall
    : identifier (DCOLON identifier)* LPAREN
      (expression (COMMA expression)* (COMMA | ELLIPSIS)?)? RPAREN
    ;

forTupleExpr : LBRACK forIntro value=expression forCond? RBRACK ;

forObjectExpr
    : LBRACE NEWLINE* forIntro NEWLINE* key=expression ARROW NEWLINE* value=expression
      grouping=ELLIPSIS? NEWLINE* forCond? NEWLINE* RBRACE
    ;

forIntro : FOR first=identifier (COMMA second=identifier)? IN collection=expression COLON ;

forCond : IF expression ;

// ---------------------------------------------------------------- templates
quotedTemplate : OQUOTE templatePart* CQUOTE ;

heredocTemplate : HEREDOC_START templatePart* HEREDOC_END ;

templatePart
    : TEMPLATE_LITERAL                                  #templateLiteral
    | TEMPLATE_INTERP open=TILDE? expression close=TILDE? RBRACE   #templateInterpolation
    | templateIf                                        #templateIfPart
    | templateFor                                       #templateForPart
    ;

templateIf
    : ifOpen=directiveOpen IF expression ifClose=directiveClose thenParts+=templatePart*
      (elseOpen=directiveOpen ELSE elseClose=directiveClose elseParts+=templatePart*)?
      endOpen=directiveOpen ENDIF endClose=directiveClose
    ;

templateFor
    : forOpen=directiveOpen FOR first=identifier (COMMA second=identifier)? IN expression
      forClose=directiveClose parts+=templatePart*
      endOpen=directiveOpen ENDFOR endClose=directiveClose
    ;

directiveOpen : TEMPLATE_DIRECTIVE TILDE? ;

directiveClose : TILDE? RBRACE ;

// ---------------------------------------------------------------- names
identifier : IDENT | TRUE | FALSE | NULL | FOR | IN | IF | ELSE | ENDIF | ENDFOR ;
