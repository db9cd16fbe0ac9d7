// The syntax of alertjit rule files (../shared/spec/LANGUAGE.md) and of RFC 9535
// JSONPath queries. C++ is generated from this file at build time.
//
// The grammar is deliberately a little more permissive than the language where a
// precise diagnostic is better given after parsing: window kinds, severities,
// scopes and the forms of numbers in clauses are checked by the AST builder, and
// types, names and clause combinations by the checker.
parser grammar AlertParser;

options { tokenVocab = AlertLexer; }

file      : ruleDecl* EOF;
query     : path EOF;

ruleDecl  : RULE anyName LBRACE clause* RBRACE;

clause
  : kw=(TITLE | DESCRIPTION | MESSAGE) STRING                  # textClause
  | SEVERITY anyName                                           # severityClause
  | SCOPE anyName STRING?                                      # scopeClause
  | WHEN expr                                                  # whenClause
  | GROUP BY path (COMMA path)*                                # groupByClause
  | WINDOW windowArg*                                          # windowClause
  | FIRE WHEN ABSENT FOR amount                                # absentClause
  | FIRE WHEN expr forPart? acrossPart?                        # fireClause
  | CLEAR WHEN expr                                            # clearClause
  | DEDUPE BY path                                             # dedupeClause
  | TIME path                                                  # timeClause
  | kw=(LATENESS | BACKFILL) amount                            # durationClause
  | LABELS LBRACE (label (COMMA label)*)? RBRACE               # labelsClause
  ;

windowArg  : NAME | amount;
amount     : NUMBER | DURATION | PERCENT;
forPart    : FOR amount (WINDOW | WINDOWS);
acrossPart : ACROSS AT LEAST amount (DISTINCT | OF) path;
label      : anyName COLON STRING;

// A name where no operator or operand can stand: rule names, label names.
anyName
  : NAME | RULE | TITLE | DESCRIPTION | SEVERITY | SCOPE | WHEN | GROUP | BY
  | WINDOW | WINDOWS | FIRE | CLEAR | MESSAGE | DEDUPE | TIME | LATENESS
  | BACKFILL | LABELS | FOR | ACROSS | AT | LEAST | DISTINCT | OF | ABSENT
  | AND | OR | NOT | IN | CONTAINS | STARTS | ENDS | WITH | IS | EMPTY
  | NULL_ | TRUE | FALSE | EXISTS
  ;

// ---- Rule expressions --------------------------------------------------------

expr      : andExpr (ops+=(OROR | OR) andExpr)*;
andExpr   : notExpr (ops+=(ANDAND | AND) notExpr)*;
notExpr   : op=(BANG | NOT) notExpr | testExpr;

testExpr
  : EXISTS path                                                # existsTest
  | sumExpr compareTail?                                       # compareTest
  ;

compareTail
  : op=(EQ | NE | LT | LE | GT | GE | MATCH | NOTMATCH) sumExpr   # binaryTail
  | NOT? op=(IN | CONTAINS) sumExpr                               # memberTail
  | NOT? op=(STARTS | ENDS) WITH sumExpr                          # affixTail
  | IS NOT? op=(EMPTY | NULL_)                                    # isTail
  ;

sumExpr   : prodExpr (ops+=(PLUS | MINUS) prodExpr)*;
prodExpr  : unaryExpr (ops+=(STAR | SLASH | PERCENT_SIGN) unaryExpr)*;
unaryExpr : MINUS unaryExpr | primary;

primary
  : literal                                                    # literalPrimary
  | path                                                       # pathPrimary
  | NAME LPAREN (expr (COMMA expr)*)? RPAREN                    # callPrimary
  | LPAREN expr RPAREN                                         # parenPrimary
  | LBRACK (expr (COMMA expr)*)? RBRACK                        # arrayPrimary
  ;

literal : NUMBER | DURATION | PERCENT | STRING | TRUE | FALSE | NULL_;

// ---- JSONPath (RFC 9535, plus Jayway's trailing functions) ------------------

path        : root=(DOLLAR | AT_SIGN) segment* trailingFn?;
trailingFn  : DOT_NAME LPAREN RPAREN;

segment
  : DOT_NAME                                                   # memberSegment
  | DOT_STAR                                                   # wildcardSegment
  | DOTDOT_NAME                                                # descendantMemberSegment
  | DOTDOT_STAR                                                # descendantWildcardSegment
  | DOTDOT_BRACK selector (COMMA selector)* RBRACK              # descendantBracketSegment
  | LBRACK selector (COMMA selector)* RBRACK                   # bracketSegment
  ;

selector
  : STRING                                                     # nameSelector
  | STAR                                                       # wildcardSelector
  | pathInt sliceTail?                                         # indexOrSliceSelector
  | sliceTail                                                  # sliceSelector
  | QUESTION filterOr                                          # filterSelector
  ;

sliceTail : COLON endInt=pathInt? (COLON stepInt=pathInt?)?;

pathInt : MINUS? NUMBER;

// Filter expressions follow RFC 9535's grammar exactly (section 2.3.5.1).
filterOr    : filterAnd (OROR filterAnd)*;
filterAnd   : filterBasic (ANDAND filterBasic)*;
filterBasic
  : BANG? LPAREN filterOr RPAREN                               # filterParen
  | filterOperand op=(EQ | NE | LT | LE | GT | GE) filterOperand  # filterCompare
  | BANG? filterOperand                                        # filterTest
  ;
filterOperand
  : MINUS? NUMBER                                              # filterNumber
  | STRING                                                     # filterString
  | TRUE                                                       # filterTrue
  | FALSE                                                      # filterFalse
  | NULL_                                                      # filterNull
  | path                                                       # filterPath
  | NAME LPAREN (filterOr (COMMA filterOr)*)? RPAREN           # filterCall
  ;
