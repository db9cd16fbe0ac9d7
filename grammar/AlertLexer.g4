// The tokens of the alertjit rule language (../shared/spec/LANGUAGE.md) and of
// RFC 9535 JSONPath. C++ is generated from this file at build time.
//
// Tokens that can never be valid (BAD_NUMBER, UNTERMINATED_STRING, ERROR_CHAR)
// are still produced, so that the front end reports them as located lexical
// errors instead of letting ANTLR print its own messages.
lexer grammar AlertLexer;

// Keywords: reserved only where an operator or operand is expected. After '.'
// or '..' a name is always a member: those come as DOT_NAME / DOTDOT_NAME.
RULE        : 'rule';
TITLE       : 'title';
DESCRIPTION : 'description';
SEVERITY    : 'severity';
SCOPE       : 'scope';
WHEN        : 'when';
GROUP       : 'group';
BY          : 'by';
WINDOW      : 'window';
WINDOWS     : 'windows';
FIRE        : 'fire';
CLEAR       : 'clear';
MESSAGE     : 'message';
DEDUPE      : 'dedupe';
TIME        : 'time';
LATENESS    : 'lateness';
BACKFILL    : 'backfill';
LABELS      : 'labels';
FOR         : 'for';
ACROSS      : 'across';
AT          : 'at';
LEAST       : 'least';
DISTINCT    : 'distinct';
OF          : 'of';
ABSENT      : 'absent';
AND         : 'and';
OR          : 'or';
NOT         : 'not';
IN          : 'in';
CONTAINS    : 'contains';
STARTS      : 'starts';
ENDS        : 'ends';
WITH        : 'with';
IS          : 'is';
EMPTY       : 'empty';
NULL_       : 'null';
TRUE        : 'true';
FALSE       : 'false';
EXISTS      : 'exists';

// JSONPath segments. A member-name shorthand is one token with its dot, so
// that whitespace between '.' and the name is a syntax error (RFC 9535).
DOT_NAME     : '.' NAME_FIRST NAME_CHAR*;
DOT_STAR     : '.*';
DOTDOT_NAME  : '..' NAME_FIRST NAME_CHAR*;
DOTDOT_STAR  : '..*';
DOTDOT_BRACK : '..[';
DOTDOT       : '..';
DOT          : '.';
DOLLAR       : '$';
AT_SIGN      : '@';
QUESTION     : '?';

// Numbers as in RFC 9535; a unit or '%' right after one makes one token.
NUMBER      : INT FRAC? EXP?;
DURATION    : INT FRAC? EXP? ('ms' | 's' | 'm' | 'h' | 'd');
PERCENT     : INT FRAC? EXP? '%';
// Digits running into other letters, digits or dots: '5x', '01', '1.e1'.
BAD_NUMBER  : [0-9] [0-9A-Za-z_.]*;

STRING
  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
  | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\''
  ;
UNTERMINATED_STRING
  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?
  | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\\'?
  ;

NAME : [A-Za-z_] [A-Za-z0-9_]*;

LBRACE   : '{';
RBRACE   : '}';
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
COMMA    : ',';
COLON    : ':';
EQ       : '==';
NE       : '!=';
LE       : '<=';
LT       : '<';
GE       : '>=';
GT       : '>';
MATCH    : '=~';
NOTMATCH : '!~';
ANDAND   : '&&';
OROR     : '||';
BANG     : '!';
ASSIGN   : '=';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';
PERCENT_SIGN : '%';

WS      : [ \t\r\n]+ -> skip;
COMMENT : '#' ~[\r\n]* -> skip;

ERROR_CHAR : .;

fragment INT       : '0' | [1-9] [0-9]*;
fragment FRAC      : '.' [0-9]+;
fragment EXP       : [eE] [-+]? [0-9]+;
fragment NAME_FIRST: [A-Za-z_] | [\u0080-\uD7FF] | [\uE000-\u{10FFFF}];
fragment NAME_CHAR : NAME_FIRST | [0-9];
